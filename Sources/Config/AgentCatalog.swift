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

    /// Loads the built-ins and the workspace's `agents/*.yaml`; a file that does not load is reported and skipped,
    /// and a file whose `system_prompt` names a file that cannot be read is reported (it still loads).
    ///
    /// With a `memo`, a file that holds the bytes it held at an earlier load is not parsed again.
    public static func load(
        workspace: String?, loader: ConfigLoader = ConfigLoader(), memo: AgentFileMemo? = nil
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
            let bytes: [UInt8]
            do {
                bytes = try loader.read(path)
            } catch {
                errors.append(error)
                continue
            }
            let parsed =
                memo?.parse(path: path, bytes: bytes, loader: loader)
                ?? AgentFileMemo.parse(path: path, bytes: bytes, loader: loader)
            switch parsed.agent {
            case .success(let override):
                byID[override.id] = byID[override.id].map { $0.overridden(by: override) } ?? override
                sources[override.id] = path
                // Prompt files are checked at every load: one can go missing while the agent file stays the same.
                let unreadable = PromptFiles.diagnostics(parsed.prompts, file: path)
                if !unreadable.isEmpty {
                    errors.append(ConfigLoadError(path: path, diagnostics: unreadable, text: parsed.text))
                }
            case .failure(let error):
                errors.append(error)
            }
        }
        return (AgentCatalog(agents: Array(byID.values), sources: sources), errors)
    }

    /// The agent with this id.
    /// The agent whose `reviews:` lists `phase`, nil when no agent reviews it.
    public func reviewer(of phase: Phase) -> AgentConfig? {
        agents.first { $0.reviews?.contains(phase) == true }
    }

    public func agent(id: String) -> AgentConfig? { agents.first { $0.id == id } }

    /// The system prompt of an agent: inline text, or the contents of the `.md`/`.txt` file it names relative to
    /// its YAML file; a file that cannot be read is an error, never prompt text.
    public func systemPrompt(of agent: AgentConfig) throws(PromptFiles.Failure) -> String {
        guard let prompt = agent.systemPrompt else { return "" }
        return try PromptFiles.resolve(prompt, source: sources[agent.id])
    }

    /// The system prompt of one of `agent`'s subagents, resolved as the agent's is; nil when it sets none.
    public func systemPrompt(
        of subagent: AgentConfig.Subagent, in agent: AgentConfig
    ) throws(PromptFiles.Failure) -> String? {
        guard let prompt = subagent.systemPrompt else { return nil }
        return try PromptFiles.resolve(prompt, source: sources[agent.id])
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
        merged.reviews = override.reviews ?? reviews
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
