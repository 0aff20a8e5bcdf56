import Config

/// One worker of a phase agent: the agent itself or one of its subagents, with its own skills and tools.
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

    /// A subagent narrows its parent: its own prompt, and skills and tools (the parent's when it names none).
    init(subagent: AgentConfig.Subagent, of parent: AgentMember) {
        id = subagent.id
        agentID = parent.agentID
        isSubagent = true
        description = subagent.description
        systemPrompt = subagent.systemPrompt ?? parent.systemPrompt
        skills = subagent.skills ?? parent.skills
        tools = subagent.tools ?? parent.tools
        maxSteps = subagent.maxSteps ?? parent.maxSteps
    }
}
