import Model

/// One agent's run inside a phase attempt.
public struct AgentRunRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var phaseRunId: Int64
    public var agent: String
    public var status: String
    public var summary: String?
    public var steps: Int
    public var startedAt: Int64
    public var endedAt: Int64?

    public init(phaseRunID: Int64, agent: String, status: PhaseStatus, startedAt: Int64) {
        self.phaseRunId = phaseRunID
        self.agent = agent
        self.status = status.rawValue
        self.steps = 0
        self.startedAt = startedAt
    }
}
