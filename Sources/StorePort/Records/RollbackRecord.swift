/// A rollback's journal entry: its intent is recorded before the workspace is touched and marked done in the
/// transaction that records the rollback, so a rollback stopped in between is found and finished by the next writer.
public struct RollbackRecord: Sendable, Hashable, Codable {
    /// Where a rollback stands.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Recorded; the workspace may be partly restored.
        case pending
        /// Restored and recorded.
        case done
    }

    public var id: Int64?
    public var workflowId: String
    /// The checkpoint rolled back to (CP1 … CP6).
    public var checkpoint: Int
    /// The manifest the workspace is restored to.
    public var manifestHash: String
    public var state: State
    public var startedAt: Int64
    public var endedAt: Int64?

    /// A rollback's intent, pending until it is recorded done.
    public init(
        workflowID: String, checkpoint: Int, manifestHash: String, state: State = .pending, startedAt: Int64
    ) {
        self.workflowId = workflowID
        self.checkpoint = checkpoint
        self.manifestHash = manifestHash
        self.state = state
        self.startedAt = startedAt
    }
}
