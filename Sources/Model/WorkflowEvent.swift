/// One thing that happened in a workflow: stored in order, shown by the CLI and sent to RPC subscribers.
public struct WorkflowEvent: Sendable, Hashable, Codable {
    /// What happened; the raw value is the stable name on the wire and in the store.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case workflowStarted = "workflow.started"
        case phaseStarted = "phase.started"
        case agentStep = "agent.step"
        case toolCall = "tool.call"
        case artifactWritten = "artifact.written"
        case checkpointSaved = "checkpoint.saved"
        case blocked = "workflow.blocked"
        case resumed = "workflow.resumed"
        /// The process running the workflow shut down; the run stopped at a safe point and can be resumed.
        case interrupted = "workflow.interrupted"
        case rolledBack = "workflow.rolled-back"
        case completed = "workflow.completed"
        case failed = "workflow.failed"
        case cancelled = "workflow.cancelled"
        /// A cancel was recorded while a process ran the workflow; it stops at its next safe point.
        case cancelRequested = "workflow.cancel-requested"
        /// A budget level passed its soft threshold (80% by default).
        case budgetWarning = "budget.warning"
        /// An agent handed a task to one of its subagents (`delegation` says which and what).
        case delegationStarted = "delegation.started"
        /// A delegated task ended: the subagent's summary and changed paths went back to its parent.
        case delegationEnded = "delegation.ended"
        /// A reviewer gave its verdict on one round of a review (`review` carries it with the findings).
        case reviewRound = "review.round"
        /// An agent answered a round's findings (fixed or dismissed each, with a reason).
        case reviewAnswered = "review.answered"
        /// An agent's skill step was evaluated: its checks ran (`step` names it; `message` says how they went).
        case stepEvaluated = "step.evaluated"
    }

    /// Position in the store's event log (1, 2, …), unique across workflows; 0 before it is stored.
    public var sequence: Int64
    public var workflowID: String
    public var kind: Kind
    /// Milliseconds since the Unix epoch.
    public var timestamp: Int64
    public var phase: Phase?
    /// Which attempt at the phase (1 for the first run; rollbacks and resumes add attempts).
    public var attempt: Int?
    public var agent: String?
    public var tool: String?
    /// A workspace-relative file path (artifact written).
    public var path: String?
    /// The checkpoint number, CP1 … CP6.
    public var checkpoint: Int?
    /// A human-readable detail: the reason for a block or failure, a step's description.
    public var message: String?
    public var durationMs: Double?
    /// A checkpoint's verdict (`checkpoint.saved` only).
    public var verdict: CheckpointVerdict?
    /// The skill step a tool call served or a check evaluated, as `skill: step` (`tool.call`, `step.evaluated`).
    public var step: String?
    /// The delegated task (`delegation.started`, `delegation.ended`).
    public var delegation: Delegation?
    /// The review round (`review.round`, `review.answered`).
    public var review: ReviewRound?

    public init(
        sequence: Int64 = 0, workflowID: String, kind: Kind, timestamp: Int64, phase: Phase? = nil,
        attempt: Int? = nil, agent: String? = nil, tool: String? = nil, path: String? = nil, checkpoint: Int? = nil,
        message: String? = nil, durationMs: Double? = nil, verdict: CheckpointVerdict? = nil, step: String? = nil,
        delegation: Delegation? = nil, review: ReviewRound? = nil
    ) {
        self.sequence = sequence
        self.workflowID = workflowID
        self.kind = kind
        self.timestamp = timestamp
        self.phase = phase
        self.attempt = attempt
        self.agent = agent
        self.tool = tool
        self.path = path
        self.checkpoint = checkpoint
        self.message = message
        self.durationMs = durationMs
        self.verdict = verdict
        self.step = step
        self.delegation = delegation
        self.review = review
    }

    /// Whether the event ends a run of the workflow (a follower may stop listening).
    public var endsRun: Bool {
        switch kind {
        case .blocked, .completed, .failed, .cancelled, .interrupted: true
        default: false
        }
    }
}
