import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The agents a workspace can use: the built-in ones, each overridden field by field by `agents/*.yaml`.
public struct AgentCatalog: Sendable {
    /// Every agent, by id order.
    public let agents: [AgentConfig]
    /// Where each overridden agent's file is, by agent id (relative prompt paths resolve against it).
    public let sources: [String: String]

    public init(agents: [AgentConfig], sources: [String: String] = [:]) {
        self.agents = agents.sorted { $0.id < $1.id }
        self.sources = sources
    }

    /// The built-in agents alone.
    public static let builtin = AgentCatalog(agents: BuiltinAgents.all)

    /// Loads the built-ins and the workspace's `agents/*.yaml`; a file that does not load is reported and skipped.
    public static func load(
        workspace: String?, loader: ConfigLoader = ConfigLoader()
    ) -> (
        catalog: AgentCatalog, errors: [ConfigLoadError]
    ) {
        var byID = Dictionary(uniqueKeysWithValues: BuiltinAgents.all.map { ($0.id, $0) })
        var sources: [String: String] = [:]
        var errors: [ConfigLoadError] = []
        guard let workspace else { return (AgentCatalog(agents: Array(byID.values)), []) }
        let folder = workspace + "/agents"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = folder + "/" + name
            do {
                let override = try loader.agent(at: path)
                byID[override.id] = byID[override.id].map { $0.overridden(by: override) } ?? override
                sources[override.id] = path
            } catch {
                errors.append(error)
            }
        }
        return (AgentCatalog(agents: Array(byID.values), sources: sources), errors)
    }

    /// The agent with this id.
    public func agent(id: String) -> AgentConfig? { agents.first { $0.id == id } }

    /// The system prompt of an agent: inline text, or the contents of the `.md`/`.txt` file it names.
    public func systemPrompt(of agent: AgentConfig) -> String {
        guard let prompt = agent.systemPrompt else { return "" }
        let trimmed = prompt.trimmedWhitespace
        let namesFile = !trimmed.contains("\n") && (trimmed.hasSuffix(".md") || trimmed.hasSuffix(".txt"))
        guard namesFile, let source = sources[agent.id] else { return prompt }
        let base = URL(fileURLWithPath: source).deletingLastPathComponent()
        let path = trimmed.hasPrefix("/") ? trimmed : base.appendingPathComponent(trimmed).path
        guard let bytes = try? BoundedFileReader.contents(of: path, limit: 1 << 20) else { return prompt }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension AgentConfig {
    /// This configuration with every field `override` sets replacing ours; subagents merge by id.
    public func overridden(by override: AgentConfig) -> AgentConfig {
        var merged = self
        merged.name = override.name ?? name
        merged.description = override.description ?? description
        merged.phases = override.phases ?? phases
        merged.systemPrompt = override.systemPrompt ?? systemPrompt
        merged.provider = override.provider ?? provider
        merged.maxSteps = override.maxSteps ?? maxSteps
        merged.skills = override.skills ?? skills
        merged.tools = override.tools ?? tools
        if let replacements = override.subagents {
            let ours = Dictionary((subagents ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            merged.subagents = replacements.map { replacement in
                guard var base = ours[replacement.id] else { return replacement }
                base.description = replacement.description ?? base.description
                base.systemPrompt = replacement.systemPrompt ?? base.systemPrompt
                base.skills = replacement.skills ?? base.skills
                base.tools = replacement.tools ?? base.tools
                base.maxSteps = replacement.maxSteps ?? base.maxSteps
                return base
            }
        }
        return merged
    }
}
