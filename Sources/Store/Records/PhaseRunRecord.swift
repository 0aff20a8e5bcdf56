import Model

/// One attempt at a phase of a workflow; a rollback or resume adds an attempt and keeps the old ones.
public struct PhaseRunRecord: Sendable, Hashable, Codable {
    public var id: Int64?
    public var workflowId: String
    public var phase: String
    public var attempt: Int
    public var status: String
    public var reason: String?
    /// The agents that run in this attempt, comma-separated.
    public var agents: String
    public var startedAt: Int64?
    public var endedAt: Int64?

    public init(workflowID: String, phase: Phase, attempt: Int, agents: [String], status: PhaseStatus = .pending) {
        self.workflowId = workflowID
        self.phase = phase.rawValue
        self.attempt = attempt
        self.status = status.rawValue
        self.agents = agents.joined(separator: ",")
    }

    /// The phase as a value; rows are only ever written with known phases.
    public var phaseValue: Phase { Phase(rawValue: phase) ?? .planning }

    /// The status as a value; an unknown stored string (from a newer build) reads as failed.
    public var phaseStatus: PhaseStatus {
        get { PhaseStatus(rawValue: status) ?? .failed }
        set { status = newValue.rawValue }
    }

    /// The agent ids of this attempt.
    public var agentIDs: [String] { agents.split(separator: ",").map(String.init) }
}
