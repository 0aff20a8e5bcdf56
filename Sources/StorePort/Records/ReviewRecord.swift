import Model

/// One round of a phase attempt's review: the verdict, the findings and, once given, their answers.
public struct ReviewRecord: Sendable, Hashable {
    public var id: Int64?
    public var workflowId: String
    public var phaseRunId: Int64
    public var phase: Phase
    public var round: ReviewRound
    /// Milliseconds since the Unix epoch.
    public var createdAt: Int64

    public init(workflowID: String, phaseRunID: Int64, phase: Phase, round: ReviewRound, createdAt: Int64) {
        self.workflowId = workflowID
        self.phaseRunId = phaseRunID
        self.phase = phase
        self.round = round
        self.createdAt = createdAt
    }
}
