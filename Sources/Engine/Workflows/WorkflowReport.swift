import Model

/// Where a workflow stands: the result of `run status`, `run start`, `run resume` and their RPC methods.
public struct WorkflowReport: Sendable, Codable, Hashable {
    /// One planned phase: its latest attempt.
    public struct PhaseReport: Sendable, Codable, Hashable {
        public var phase: Phase
        /// `CP1` … `CP6`.
        public var checkpoint: String
        public var status: PhaseStatus
        /// The latest attempt's number (0 when the phase never started).
        public var attempt: Int
        public var agents: [String]
        public var startedAt: Int64?
        public var endedAt: Int64?
        public var durationMs: Double?
        public var reason: String?
        /// Files the phase's checkpoint matched to its required patterns.
        public var artifacts: Int?
        /// The subagents the attempt's agents delegated to, in the order they were first given a task.
        public var subagents: [String]
        /// Tasks the attempt's agents delegated to their subagents.
        public var delegations: Int
        /// The attempt's review, when it had one: reviewer, rounds and outcome.
        public var review: ReviewSummary?
    }

    public var id: String
    public var project: String
    public var status: WorkflowStatus
    public var reason: String?
    public var workspace: String
    public var intake: String
    public var createdAt: Int64
    public var updatedAt: Int64
    /// Wall time from start to the last change.
    public var durationMs: Double
    /// Whether a live process is running the workflow now (it holds the workspace's lease for it).
    public var live: Bool
    /// A workflow whose run stopped without ending it: its process shut down (status `interrupted`) or died while
    /// it ran (status `running`, no live lease). `run resume` continues it.
    public var interrupted: Bool
    public var phases: [PhaseReport]
    /// What the workflow's model calls used and cost, from its ledger.
    public var tokens: TokenTotals
}

/// A phase attempt's review at a glance: who reviewed, how many rounds, each verdict, and how it ended.
public struct ReviewSummary: Sendable, Codable, Hashable {
    public var kind: ReviewRound.Kind
    public var reviewer: String
    /// Rounds taken so far.
    public var rounds: Int
    /// The most rounds allowed.
    public var maxRounds: Int
    /// Each round's verdict, in order.
    public var verdicts: [ReviewRound.Verdict]
    /// `approved`, `unresolved`, `failed` once the checkpoint judged it; nil while rounds are still going.
    public var outcome: ReviewOutcome.Result?
    /// Findings of every round together, and how many of them were answered.
    public var findings: Int
    public var answered: Int

    /// The summary of an attempt's rounds, with the outcome its checkpoint recorded, if any.
    public init?(rounds records: [ReviewRound], outcome: ReviewOutcome?) {
        guard let first = records.first, let last = records.last else {
            guard let outcome else { return nil }
            self.init(
                kind: outcome.kind, reviewer: outcome.reviewer, rounds: outcome.rounds, maxRounds: outcome.maxRounds,
                verdicts: [], outcome: outcome.result, findings: 0, answered: 0)
            return
        }
        self.init(
            kind: first.kind, reviewer: first.reviewer, rounds: records.count, maxRounds: last.rounds,
            verdicts: records.map(\.verdict), outcome: outcome?.result,
            findings: records.reduce(0) { $0 + $1.findings.count },
            answered: records.reduce(0) { $0 + $1.findings.filter { $0.answer != nil }.count })
    }

    init(
        kind: ReviewRound.Kind, reviewer: String, rounds: Int, maxRounds: Int, verdicts: [ReviewRound.Verdict],
        outcome: ReviewOutcome.Result?, findings: Int, answered: Int
    ) {
        self.kind = kind
        self.reviewer = reviewer
        self.rounds = rounds
        self.maxRounds = maxRounds
        self.verdicts = verdicts
        self.outcome = outcome
        self.findings = findings
        self.answered = answered
    }
}

/// A task an agent delegated to a subagent, as `checkpoint show` lists it.
public struct DelegationSummary: Sendable, Codable, Hashable {
    public var id: String
    public var parent: String
    public var subagent: String
    public var task: String
    public var status: Delegation.Status
    public var summary: String?
    public var changedPaths: [String]
    public var startedAt: Int64
    public var durationMs: Double?
}

/// A checkpoint as `checkpoint list` shows it.
public struct CheckpointSummary: Sendable, Codable, Hashable {
    /// `CP1` … `CP6`.
    public var checkpoint: String
    public var number: Int
    public var phase: Phase
    public var attempt: Int
    public var status: String
    public var createdAt: Int64
    public var files: Int
    public var totalBytes: Int64
    /// Bytes the snapshot itself wrote to the object store (0 when agents' working copies stored them first).
    public var newBytes: Int64
    /// Files whose content the previous checkpoint did not hold; nil for checkpoints recorded before it was measured.
    public var addedFiles: Int?
    /// Bytes of content new to this checkpoint relative to the previous one, each distinct body once.
    public var addedBytes: Int64?
    public var phaseMs: Double
    public var snapshotMs: Double
    public var artifacts: Int
    /// Required patterns that matched nothing (a failed checkpoint).
    public var missing: [String]
    /// Whether retention dropped its snapshot (the record stays).
    public var pruned: Bool
}

/// One checkpoint in full: `checkpoint show CPn`.
public struct CheckpointDetail: Sendable, Codable, Hashable {
    /// A file found for a required pattern.
    public struct Artifact: Sendable, Codable, Hashable {
        public var pattern: String
        public var path: String
        public var size: Int64
        public var hash: String
    }

    /// What the snapshot holds and cost.
    public struct Snapshot: Sendable, Codable, Hashable {
        public var manifest: String?
        public var files: Int
        public var totalBytes: Int64
        public var hashedFiles: Int
        public var reusedFiles: Int
        public var newObjects: Int
        public var newBytes: Int64
        public var durationMs: Double
    }

    /// The whole store's size, so retention can be judged.
    public struct StoreSize: Sendable, Codable, Hashable {
        public var objects: Int
        public var objectBytes: Int64
        public var databaseBytes: Int64
    }

    public var workflow: String
    public var checkpoint: CheckpointSummary
    public var artifacts: [Artifact]
    public var snapshot: Snapshot
    public var agents: [AgentSummary]
    /// What the phase's agents delegated to their subagents, in the order the tasks started.
    public var delegations: [DelegationSummary]
    /// The phase's review rounds, each with its verdict, findings and the answers they got.
    public var reviews: [ReviewRound]
    /// How the review ended, as the checkpoint judged it.
    public var review: ReviewOutcome?
    public var store: StoreSize
}

/// One agent's run inside a checkpoint's phase attempt.
public struct AgentSummary: Sendable, Codable, Hashable {
    public var agent: String
    public var status: String
    public var steps: Int
    public var summary: String?
    public var durationMs: Double?
}

/// What a rollback changed (or, with `dryRun`, would change).
public struct RollbackReport: Sendable, Codable, Hashable {
    public var workflow: String
    public var checkpoint: String
    public var dryRun: Bool
    /// Files created after the checkpoint, removed.
    public var removed: [String]
    /// Files changed after the checkpoint, restored to its bytes and mode.
    public var restored: [String]
    /// Files deleted after the checkpoint, recreated.
    public var recreated: [String]
    /// Phases marked rolled-back; `run resume` runs them again.
    public var phasesRolledBack: [Phase]
    /// Of those files, the ones changed after the latest checkpoint: their changes are lost (a rollback without
    /// `force` refuses when there are any).
    public var uncheckpointed: [String]
}

/// What retention dropped.
public struct PruneReport: Sendable, Codable, Hashable {
    public var keepLast: Int
    public var snapshotsDropped: Int
    public var objectsRemoved: Int
    public var bytesFreed: Int64
    public var store: CheckpointDetail.StoreSize
}
