import Model

/// The typed operations available inside one transaction of a ``WorkflowStore``.
///
/// Every adapter implements all of them with the same meaning; the store contract tests say what that is.
public protocol StoreTransaction {
    // MARK: Workflows

    /// The next free number for workflows of a project slug (1 for the first).
    func nextWorkflowNumber(slug: String) throws -> Int
    func insert(_ workflow: WorkflowRecord) throws
    func update(_ workflow: WorkflowRecord) throws
    func workflow(id: String) throws -> WorkflowRecord?
    /// The most recently created workflow, the default for commands that take `--workflow`.
    func latestWorkflow() throws -> WorkflowRecord?
    /// Every workflow, oldest first.
    func workflows() throws -> [WorkflowRecord]

    // MARK: Phase attempts and agent runs

    /// Inserts an attempt and sets its id.
    func insert(_ run: inout PhaseRunRecord) throws
    func update(_ run: PhaseRunRecord) throws
    /// Every attempt at every phase of a workflow, in the order they were created.
    func phaseRuns(workflowID: String) throws -> [PhaseRunRecord]
    /// Inserts an agent run and sets its id.
    func insert(_ run: inout AgentRunRecord) throws
    func update(_ run: AgentRunRecord) throws
    /// The agent runs of one phase attempt, in the order they were created.
    func agentRuns(phaseRunID: Int64) throws -> [AgentRunRecord]

    // MARK: Checkpoints and artifacts

    /// Inserts a checkpoint and sets its id.
    func insert(_ checkpoint: inout CheckpointRecord) throws
    func update(_ checkpoint: CheckpointRecord) throws
    /// Every checkpoint of a workflow (all attempts), oldest first.
    func checkpoints(workflowID: String) throws -> [CheckpointRecord]
    /// Every checkpoint in the store, oldest first, for retention across workflows.
    func allCheckpoints() throws -> [CheckpointRecord]
    /// Inserts an artifact and sets its id.
    func insert(_ artifact: inout ArtifactRecord) throws
    /// The artifacts of a checkpoint, in the order they were recorded.
    func artifacts(checkpointID: Int64) throws -> [ArtifactRecord]

    // MARK: Events

    /// Appends an event and returns it with its sequence number (increasing across the whole store).
    @discardableResult
    func append(_ event: WorkflowEvent) throws -> WorkflowEvent
    /// A workflow's events after a sequence number, in order, at most `limit`.
    func events(workflowID: String, after sequence: Int64, limit: Int?) throws -> [WorkflowEvent]
    /// Every workflow's events after a sequence number, in order, at most `limit`: what a follower of the whole
    /// store reads after a commit signal.
    func events(after sequence: Int64, limit: Int) throws -> [WorkflowEvent]
    /// The newest event's sequence number; 0 when there is none.
    func lastEventSequence() throws -> Int64

    // MARK: The workspace lease and the rollback journal

    /// The workspace's lease: which process changes the workspace now (it may be a dead one's); nil when free.
    func workspaceLease() throws -> WorkspaceLeaseRecord?
    /// Takes or replaces the workspace's lease.
    func save(_ lease: WorkspaceLeaseRecord) throws
    /// Frees the workspace's lease.
    func deleteWorkspaceLease() throws
    /// Records a rollback's intent and sets its id.
    func insert(_ rollback: inout RollbackRecord) throws
    func update(_ rollback: RollbackRecord) throws
    /// Rollbacks recorded and not yet done, oldest first.
    func unfinishedRollbacks() throws -> [RollbackRecord]

    // MARK: Token ledger and budgets

    /// Records a billed message and sets its id; false when the workflow already has its message id.
    @discardableResult
    func insert(_ usage: inout TokenUsageRecord) throws -> Bool
    /// The ledger of a workflow, oldest first.
    func usage(workflowID: String) throws -> [TokenUsageRecord]
    /// Sets (or replaces) the limit of one budget level.
    func setBudget(_ budget: BudgetRecord) throws
    /// Every budget limit set for a workflow, by scope.
    func budgets(workflowID: String) throws -> [BudgetRecord]

    // MARK: Gates

    /// Records an evaluation and its gates' results together, and sets the evaluation's id.
    func insert(_ evaluation: inout GateEvaluationRecord, results: [GateResultRecord]) throws
    /// A workflow's evaluations, oldest first.
    func gateEvaluations(workflowID: String) throws -> [GateEvaluationRecord]
    /// The newest evaluation of each phase in the store (any workflow): what an editor shows.
    func latestGateEvaluations() throws -> [GateEvaluationRecord]
    /// The newest evaluation id in the store (0 when none): a cheap "has anything new been judged" probe.
    func lastGateEvaluationID() throws -> Int64
    /// The gates' results of one evaluation, in the order they were judged.
    func gateResults(evaluationID: Int64) throws -> [GateResultRecord]

    // MARK: Delegations and reviews

    /// Records a delegation as it starts and sets its id.
    func insert(_ delegation: inout DelegationRecord) throws
    /// Records how a delegation ended (or any other change to it).
    func update(_ delegation: DelegationRecord) throws
    /// The delegations of one phase attempt, in the order they started.
    func delegations(phaseRunID: Int64) throws -> [DelegationRecord]
    /// Records a review round and sets its id.
    func insert(_ review: inout ReviewRecord) throws
    /// Records the answers a round's findings got (or any other change to it).
    func update(_ review: ReviewRecord) throws
    /// The review rounds of one phase attempt, in the order they were recorded.
    func reviews(phaseRunID: Int64) throws -> [ReviewRecord]
    /// The newest round of each phase's review in the store (any workflow): what an editor shows.
    func latestReviews() throws -> [ReviewRecord]
    /// A number that changes whenever a review round is recorded or answered (0 when none): a cheap probe.
    func reviewStamp() throws -> Int64

    // MARK: Audit

    /// Appends a sealed entry.
    func append(_ entry: AuditRecord) throws
    /// The newest entry of a workflow's chain.
    func lastAuditEntry(workflowID: String) throws -> AuditRecord?
    /// A workflow's audit trail in stored order (by sequence; ties, which only tampering makes, as stored).
    func auditEntries(workflowID: String) throws -> [AuditRecord]
}

extension StoreTransaction {
    /// A workflow's events after a sequence number, in order.
    public func events(workflowID: String, after sequence: Int64 = 0) throws -> [WorkflowEvent] {
        try events(workflowID: workflowID, after: sequence, limit: nil)
    }
}
