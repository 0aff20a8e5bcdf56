import Model

/// One agent's run inside a phase attempt.
public struct AgentRunRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var phaseRunId: Int64
    public var agent: String
    public var status: PhaseStatus
    public var summary: String?
    public var steps: Int
    public var startedAt: Int64
    public var endedAt: Int64?
    /// Estimated tokens of the whole conversation the agent had (what passing its transcript on would cost).
    public var transcriptTokens: Int?

    public init(phaseRunID: Int64, agent: String, status: PhaseStatus, startedAt: Int64) {
        self.phaseRunId = phaseRunID
        self.agent = agent
        self.status = status
        self.steps = 0
        self.startedAt = startedAt
    }
}
