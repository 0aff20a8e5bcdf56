/// One file or symlink recorded in a snapshot manifest.
public struct ManifestEntry: Sendable, Hashable {
    /// What the entry is; directories are implied by the paths under them.
    public enum Kind: String, Sendable, Hashable {
        case file
        case symlink
    }

    /// Relative, '/'-separated path.
    public var path: String
    public var kind: Kind
    /// The hash of the file body, or of the symlink target for `.symlink`.
    public var hash: ObjectHash
    /// Permission bits (`st_mode & 0o7777`).
    public var mode: UInt32
    public var size: UInt64
    /// Nanoseconds since the epoch; only a cache key for reusing hashes, never restored.
    public var modificationTime: Int64

    /// Creates an entry from its fields.
    public init(path: String, kind: Kind, hash: ObjectHash, mode: UInt32, size: UInt64, modificationTime: Int64) {
        self.path = path
        self.kind = kind
        self.hash = hash
        self.mode = mode
        self.size = size
        self.modificationTime = modificationTime
    }
}
