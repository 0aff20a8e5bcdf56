/// A skill id an agent lists that no skill in the registry has.
public struct UnknownSkillReference: Sendable, Hashable {
    /// The agent or subagent (`developer.frontend`) that lists it.
    public var agentID: String
    public var skillID: String

    public init(agentID: String, skillID: String) {
        self.agentID = agentID
        self.skillID = skillID
    }
}
