import Model

/// One attempt at a phase of a workflow; a rollback or resume adds an attempt and keeps the old ones.
public struct PhaseRunRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var workflowId: String
    public var phase: Phase
    public var attempt: Int
    public var status: PhaseStatus
    public var reason: String?
    /// The agents that run in this attempt.
    public var agents: [String]
    public var startedAt: Int64?
    public var endedAt: Int64?

    public init(workflowID: String, phase: Phase, attempt: Int, agents: [String], status: PhaseStatus = .pending) {
        self.workflowId = workflowID
        self.phase = phase
        self.attempt = attempt
        self.status = status
        self.agents = agents
    }
}
