import Config

/// One worker of a phase agent: the agent itself or one of its subagents, with its own prompt, skills and tools.
struct AgentMember: Sendable {
    var id: String
    /// The phase agent it belongs to (itself for the agent).
    var agentID: String
    var isSubagent: Bool
    var description: String?
    var systemPrompt: String
    var skills: [String]
    var tools: [String]
    var maxSteps: Int
    /// Workspace-relative paths this member writes.
    var artifactPaths: [String] = []
    /// The subagents this member may delegate to (an agent's; a subagent has none).
    var subagents: [AgentMember] = []
    /// The task its parent delegated, for a subagent at work.
    var delegatedTask: String?

    static let defaultMaxSteps = 20

    init(agent: AgentConfig, systemPrompt: String) {
        id = agent.id
        agentID = agent.id
        isSubagent = false
        description = agent.description
        self.systemPrompt = systemPrompt
        skills = agent.skills ?? []
        tools = agent.tools ?? []
        maxSteps = agent.maxSteps ?? Self.defaultMaxSteps
    }

    /// A subagent narrows its parent: its own prompt (already resolved from its file, if it names one), skills and
    /// tools (the parent's when it names none).
    init(subagent: AgentConfig.Subagent, of parent: AgentMember, systemPrompt: String?) {
        id = subagent.id
        agentID = parent.agentID
        isSubagent = true
        description = subagent.description
        self.systemPrompt = systemPrompt ?? parent.systemPrompt
        skills = subagent.skills ?? parent.skills
        tools = subagent.tools ?? parent.tools
        maxSteps = subagent.maxSteps ?? parent.maxSteps
    }
}
