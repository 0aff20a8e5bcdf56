import Config
import Model

/// What `agents list|show` and `agents/list` return: each agent as it will run in a workspace.
public struct AgentCatalogReport: Sendable, Encodable {
    /// One agent, after the workspace's overrides.
    public struct Agent: Sendable, Encodable {
        /// One subagent of an agent.
        public struct Subagent: Sendable, Encodable {
            public var id: String
            public var description: String?
            public var skills: [String]
            public var tools: [String]
            public var maxSteps: Int
            /// The subagent's system prompt (only for `agents show`): its file's contents when it names one.
            public var systemPrompt: String?
        }

        public var id: String
        public var name: String?
        public var description: String?
        public var phases: [Phase]
        /// Phases whose work the agent reviews before their checkpoint.
        public var reviews: [Phase]
        public var provider: ProviderChoice?
        public var skills: [String]
        public var tools: [String]
        public var maxSteps: Int
        public var subagents: [Subagent]
        /// `builtin`, or the workspace file that overrides or defines it.
        public var source: String
        /// The system prompt (only for `agents show`): its file's contents when it names one.
        public var systemPrompt: String?
        /// Why a prompt file (the agent's or a subagent's) cannot be read (only for `agents show`).
        public var promptError: String?
    }

    public var agents: [Agent]
    /// Agent files of the workspace that did not load, with their location.
    public var errors: [String]

    /// Every agent of a workspace (the built-ins alone when `workspace` is nil).
    public static func load(workspace: String?) -> AgentCatalogReport {
        let (catalog, errors) = AgentCatalog.load(workspace: workspace)
        return AgentCatalogReport(
            agents: catalog.agents.map { Agent($0, catalog: catalog, withPrompt: false) },
            errors: errors.map(\.description))
    }

    /// One agent with its system prompt; an unknown id is an error that lists the known ones.
    public static func agent(id: String, workspace: String?) throws(EngineError) -> Agent {
        let (catalog, _) = AgentCatalog.load(workspace: workspace)
        guard let agent = catalog.agent(id: id) else {
            throw EngineError(
                .notFound, "no agent '\(id)'; known: \(catalog.agents.map(\.id).joined(separator: ", "))")
        }
        return Agent(agent, catalog: catalog, withPrompt: true)
    }
}

extension AgentCatalogReport.Agent {
    init(_ agent: AgentConfig, catalog: AgentCatalog, withPrompt: Bool) {
        let maxSteps = agent.maxSteps ?? AgentMember.defaultMaxSteps
        var problem: String?
        func prompt(_ read: () throws(PromptFiles.Failure) -> String?) -> String? {
            guard withPrompt else { return nil }
            do {
                return try read()
            } catch {
                problem = problem ?? error.description
                return nil
            }
        }
        let own = prompt { () throws(PromptFiles.Failure) in try catalog.systemPrompt(of: agent) }
        let subagents = (agent.subagents ?? []).map { subagent in
            Subagent(
                id: subagent.id, description: subagent.description, skills: subagent.skills ?? agent.skills ?? [],
                tools: subagent.tools ?? agent.tools ?? [], maxSteps: subagent.maxSteps ?? maxSteps,
                systemPrompt: prompt { () throws(PromptFiles.Failure) in
                    try catalog.systemPrompt(of: subagent, in: agent) ?? own
                })
        }
        self.init(
            id: agent.id, name: agent.name, description: agent.description, phases: agent.phases ?? [],
            reviews: agent.reviews ?? [], provider: agent.provider, skills: agent.skills ?? [],
            tools: agent.tools ?? [], maxSteps: maxSteps, subagents: subagents,
            source: catalog.sources[agent.id] ?? "builtin", systemPrompt: own, promptError: problem)
    }
}
