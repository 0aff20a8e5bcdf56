/// What a snapshot holds that an earlier one did not: files whose content is new, and that content's size.
///
/// Measured on the manifests, not on the object store: agents' working copies store objects before the checkpoint
/// snapshots the merged workspace, so what the snapshot itself writes says little about what the phase produced.
public struct ManifestAddition: Sendable, Hashable {
    /// Files (and symlinks) whose content hash the earlier manifest did not hold: new or changed.
    public var files: Int
    /// The bytes of that content, each distinct body counted once.
    public var bytes: UInt64

    /// Creates an addition.
    public init(files: Int, bytes: UInt64) {
        self.files = files
        self.bytes = bytes
    }
}

extension SnapshotManifest {
    /// What this manifest adds to `earlier` (everything, when there is none); a renamed or copied file adds nothing.
    public func addition(since earlier: SnapshotManifest?) -> ManifestAddition {
        let known = Set(earlier?.entries.map(\.hash) ?? [])
        var counted: Set<ObjectHash> = []
        var addition = ManifestAddition(files: 0, bytes: 0)
        for entry in entries where !known.contains(entry.hash) {
            addition.files += 1
            if counted.insert(entry.hash).inserted { addition.bytes &+= entry.size }
        }
        return addition
    }
}
