import Model

/// One evaluation of a phase's gates: at a checkpoint or on demand.
public struct GateEvaluationRecord: Sendable, Hashable {
    /// What asked for the evaluation.
    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        /// The end of a phase attempt.
        case checkpoint
        /// `governance check`, on demand.
        case check
    }

    public var id: Int64?
    public var workflowId: String
    public var phase: Phase
    /// The phase attempt whose checkpoint was judged; nil for an on-demand check.
    public var attempt: Int?
    public var checkpointId: Int64?
    public var trigger: Trigger
    /// Whether a blocking gate failed.
    public var blocked: Bool
    /// Milliseconds since the Unix epoch.
    public var evaluatedAt: Int64

    public init(
        workflowID: String, phase: Phase, attempt: Int?, checkpointID: Int64?, trigger: Trigger, blocked: Bool,
        evaluatedAt: Int64
    ) {
        self.workflowId = workflowID
        self.phase = phase
        self.attempt = attempt
        self.checkpointId = checkpointID
        self.trigger = trigger
        self.blocked = blocked
        self.evaluatedAt = evaluatedAt
    }
}

/// One gate's verdict within an evaluation; `detail` is the whole result (findings included) as JSON.
public struct GateResultRecord: Sendable, Hashable {
    public var evaluationId: Int64?
    public var gate: String
    public var status: GateStatus
    public var severity: GateSeverity
    public var detail: String

    public init(gate: String, status: GateStatus, severity: GateSeverity, detail: String) {
        self.gate = gate
        self.status = status
        self.severity = severity
        self.detail = detail
    }
}

/// One sealed audit entry as stored: the fields its hash covers, `inputs` as canonical JSON text.
///
/// Kept as the text that was written, phase included, rather than typed: the chain's hashes cover that text, and
/// verification must see an edited value to report it rather than fail to read it.
public struct AuditRecord: Sendable, Hashable {
    public var workflowId: String
    public var sequence: Int64
    public var time: String
    public var actor: String
    public var phase: String?
    public var action: String
    public var inputs: String
    public var outcome: String
    public var previousHash: String
    public var hash: String

    public init(
        workflowID: String, sequence: Int64, time: String, actor: String, phase: String?, action: String,
        inputs: String, outcome: String, previousHash: String, hash: String
    ) {
        self.workflowId = workflowID
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.phase = phase
        self.action = action
        self.inputs = inputs
        self.outcome = outcome
        self.previousHash = previousHash
        self.hash = hash
    }
}
