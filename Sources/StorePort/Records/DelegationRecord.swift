import Model

/// One task an agent delegated to a subagent within a phase attempt, from its start to its end.
public struct DelegationRecord: Sendable, Hashable {
    public var id: Int64?
    public var phaseRunId: Int64
    /// The phase agent whose team did the work (the parent's own phase agent).
    public var agent: String
    /// What was delegated, to whom, and how it ended.
    public var delegation: Delegation
    /// Milliseconds since the Unix epoch.
    public var startedAt: Int64
    public var endedAt: Int64?

    public init(phaseRunID: Int64, agent: String, delegation: Delegation, startedAt: Int64) {
        self.phaseRunId = phaseRunID
        self.agent = agent
        self.delegation = delegation
        self.startedAt = startedAt
    }
}
