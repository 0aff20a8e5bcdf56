/// What one snapshot recorded and how much work it took.
public struct SnapshotResult: Sendable {
    public var manifest: SnapshotManifest
    public var manifestHash: ObjectHash
    /// Files and symlinks read and hashed this time.
    public var hashedFiles: Int
    /// Hashes reused from the previous manifest (same size, mtime, kind and mode, and not racy).
    public var reusedFiles: Int
    /// Content objects new to the store (the manifest object not counted).
    public var newObjects: Int
    /// Bytes of those new objects.
    public var newBytes: UInt64

    /// Creates a result.
    public init(
        manifest: SnapshotManifest, manifestHash: ObjectHash, hashedFiles: Int, reusedFiles: Int, newObjects: Int,
        newBytes: UInt64
    ) {
        self.manifest = manifest
        self.manifestHash = manifestHash
        self.hashedFiles = hashedFiles
        self.reusedFiles = reusedFiles
        self.newObjects = newObjects
        self.newBytes = newBytes
    }
}
