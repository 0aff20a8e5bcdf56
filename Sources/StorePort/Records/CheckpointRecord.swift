import Model

/// The checkpoint that ended one phase attempt: its verdict, its snapshot and what the snapshot cost.
public struct CheckpointRecord: Sendable, Hashable, Codable {
    /// A checkpoint's verdict.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case passed
        /// A required artifact pattern matched nothing; the phase blocked.
        case failed
        /// A later rollback undid it; the record stays as history.
        case rolledBack = "rolled-back"
    }

    public var id: Int64?
    public var workflowId: String
    public var phaseRunId: Int64
    /// CP1 … CP6, fixed by the phase.
    public var number: Int
    public var phase: Phase
    public var attempt: Int
    public var status: Status
    /// The required patterns that matched nothing.
    public var missing: [String]
    /// The snapshot manifest's object hash; nil once pruned.
    public var manifestHash: String?
    public var fileCount: Int
    public var totalBytes: Int64
    /// Objects the snapshot itself wrote to the object store (those it did not find there already).
    public var newObjects: Int
    /// Bytes of those objects: the snapshot's own cost, 0 when agents' working copies stored the content first.
    public var newBytes: Int64
    /// Files whose content the previous checkpoint did not hold; nil when recorded before this was measured.
    public var addedFiles: Int?
    /// Bytes of content new to this checkpoint (each distinct body once); nil when recorded before.
    public var addedBytes: Int64?
    public var hashedFiles: Int
    public var reusedFiles: Int
    /// How long the phase ran, agents and checkpoint included.
    public var phaseMs: Double
    public var snapshotMs: Double
    public var createdAt: Int64
    public var prunedAt: Int64?
    /// How the phase's review ended (planning, architecture: decisions; development: code), when it had one.
    public var review: ReviewOutcome?

    public init(
        workflowID: String, phaseRunID: Int64, phase: Phase, attempt: Int, status: Status, createdAt: Int64
    ) {
        self.workflowId = workflowID
        self.phaseRunId = phaseRunID
        self.number = phase.checkpointNumber
        self.phase = phase
        self.attempt = attempt
        self.status = status
        self.missing = []
        self.fileCount = 0
        self.totalBytes = 0
        self.newObjects = 0
        self.newBytes = 0
        self.hashedFiles = 0
        self.reusedFiles = 0
        self.phaseMs = 0
        self.snapshotMs = 0
        self.createdAt = createdAt
    }
}
