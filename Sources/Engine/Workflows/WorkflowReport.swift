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
