/// The workspace paths the engine knows were written or removed since a snapshot (a merge of working copies
/// reports them), so that the next snapshot reads those instead of walking the tree.
public struct KnownChanges: Sendable, Hashable {
    /// Workspace-relative paths written (created or changed) since the snapshot.
    public var written: [String]
    /// Workspace-relative paths removed since the snapshot.
    public var removed: [String]

    /// Creates a change list.
    public init(written: [String] = [], removed: [String] = []) {
        self.written = written
        self.removed = removed
    }

    /// Both lists together.
    public mutating func append(_ other: KnownChanges) {
        written += other.written
        removed += other.removed
    }
}
