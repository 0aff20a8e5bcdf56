import Model

/// An agent's configuration: what it is told, which skills and tools it may use, and its subagents.
public struct AgentConfig: Sendable, Hashable, Codable {
    /// A narrower agent working under its parent, with its own skills and tools.
    public struct Subagent: Sendable, Hashable, Codable {
        public var id: String
        public var description: String?
        public var systemPrompt: String?
        public var skills: [String]?
        public var tools: [String]?
        public var maxSteps: Int?

        enum CodingKeys: String, CodingKey {
            case id, description, skills, tools
            case systemPrompt = "system_prompt"
            case maxSteps = "max_steps"
        }
    }

    public var id: String
    public var name: String?
    public var description: String?
    /// Phases the agent serves when the intake does not say otherwise.
    public var phases: [Phase]?
    /// Inline prompt text, or a path to a `.md`/`.txt` file relative to the agent file.
    public var systemPrompt: String?
    public var provider: ProviderChoice?
    /// Phases whose work this agent reviews before their checkpoint (decisions, or development's diff).
    public var reviews: [Phase]?
    public var maxSteps: Int?
    public var skills: [String]?
    public var tools: [String]?
    public var subagents: [Subagent]?

    enum CodingKeys: String, CodingKey {
        case id, name, description, phases, provider, reviews, skills, tools, subagents
        case systemPrompt = "system_prompt"
        case maxSteps = "max_steps"
    }

    /// The document shape: the configuration under a top-level `agent` key.
    public struct Document: Sendable, Hashable, Codable {
        public var agent: AgentConfig
    }
}
