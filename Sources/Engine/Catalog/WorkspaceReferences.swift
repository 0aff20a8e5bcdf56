import Config
import Model
import Skills

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a configuration file names that lives elsewhere in its workspace: the prompt files agents name, the agents
/// an intake lists, the skills agents list. Each that does not exist (built in or in the workspace) is a diagnostic
/// at the name, with "did you mean" when one is close. `validate`, the language server and `run start` report them.
public enum WorkspaceReferences {
    /// The workspace a file belongs to: for a file in an `agents/` or `skills/` folder that folder's parent, for any
    /// other its own folder (where an intake lives).
    public static func workspace(of file: String) -> String {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let name = folder.lastPathComponent
        return name == "agents" || name == "skills" ? folder.deletingLastPathComponent().path : folder.path
    }

    /// The diagnostics of a validated document of `kind` read from `file`.
    public static func diagnostics(root: YAMLNode, kind: ConfigKind, file: String) -> [Diagnostic] {
        switch kind {
        case .agent:
            PromptFiles.diagnostics(root: root, file: file)
                + skillDiagnostics(root: root, workspace: workspace(of: file))
        case .intake: agentDiagnostics(root: root, workspace: workspace(of: file))
        case .policy, .skill: []
        }
    }

    /// Every agent id under the intake's `agents:` that names no agent.
    static func agentDiagnostics(root: YAMLNode, workspace: String) -> [Diagnostic] {
        guard let phases = root["agents"]?.entries, !phases.isEmpty else { return [] }
        let known = AgentCatalog.load(workspace: workspace).catalog.agents.map(\.id)
        return phases.flatMap { entry in
            (entry.value.items ?? []).compactMap { node -> Diagnostic? in
                guard let id = node.string, !known.contains(id) else { return nil }
                return unknown(
                    node, code: DiagnosticCode.unknownAgent, what: "agent", id: id, among: known,
                    place: "built in or in agents/*.yaml")
            }
        }
    }

    /// Every skill id an agent or its subagents list that names no skill.
    static func skillDiagnostics(root: YAMLNode, workspace: String) -> [Diagnostic] {
        guard let agent = root["agent"] else { return [] }
        var lists = [agent["skills"]]
        for subagent in agent["subagents"]?.items ?? [] { lists.append(subagent["skills"]) }
        let nodes = lists.compactMap { $0?.items }.flatMap { $0 }
        guard !nodes.isEmpty else { return [] }
        let known = SkillRegistry.load(workspace: workspace).registry.ids
        return nodes.compactMap { node in
            guard let id = node.string, !known.contains(id) else { return nil }
            return unknown(
                node, code: DiagnosticCode.unknownSkill, what: "skill", id: id, among: known,
                place: "built in or in skills/*.yaml")
        }
    }

    private static func unknown(
        _ node: YAMLNode, code: String, what: String, id: String, among known: [String], place: String
    ) -> Diagnostic {
        let suggestion = Suggestion.closest(to: id, among: known)
        var message = "no \(what) '\(id)' (\(place))"
        message += suggestion.map { "; did you mean '\($0)'?" } ?? "; known: " + known.joined(separator: ", ")
        return Diagnostic(
            range: node.range, code: code, message: message,
            fixIts: suggestion.map {
                [FixIt(title: "Replace with '\($0)'", edits: [.init(range: node.range, newText: $0)])]
            }
                ?? [])
    }

    /// The prompt files the workspace's agent files name that cannot be read: what `run start` refuses to start
    /// with (a broken agent file otherwise blocks the phase that runs it; an unknown agent fails its phase, and
    /// `validate` names it beforehand).
    static func problems(workspace: String) -> [(file: String, diagnostics: [Diagnostic])] {
        AgentCatalog.load(workspace: workspace).errors.compactMap { error in
            let prompts = error.diagnostics.filter { $0.code == DiagnosticCode.missingPromptFile }
            return prompts.isEmpty ? nil : (error.path ?? workspace + "/agents", prompts)
        }
    }
}
