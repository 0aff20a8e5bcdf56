import Glob

/// The list of files and symlinks a snapshot recorded, sorted by path, with the time its walk began.
public struct SnapshotManifest: Sendable, Hashable {
    /// Sorted by path in byte (UTF-8) order, with unique paths.
    public var entries: [ManifestEntry] {
        didSet { forgetText() }
    }
    /// Nanoseconds since the epoch when the walk started: entries modified after it are racy (see `racyMargin`).
    public var createdAt: Int64 {
        didSet { forgetText() }
    }
    /// The directories the walk that made this manifest saw, when it was made in this process (never stored):
    /// what lets the next snapshot start from known changes instead of walking the tree.
    public var directories: DirectoryStamps?
    /// The canonical text, when this process wrote or read it (never part of `==`): the next manifest splices it.
    public internal(set) var text: ManifestText?
    /// The previous manifest's text and which of its lines this one repeats, for a manifest from known changes.
    var derivation: ManifestDerivation?

    /// A changed manifest's text is written afresh.
    private mutating func forgetText() {
        text = nil
        derivation = nil
    }

    /// How far before `createdAt` an entry's modification time must lie for its hash to be trusted later.
    ///
    /// A file written in the same timestamp tick as our read can change again without its mtime moving
    /// (git's racy-clean problem). The kernel stamps files with a coarse clock that lags `CLOCK_REALTIME`
    /// by up to a scheduler tick, and some filesystems keep 1 s or 2 s resolution, so one tick is not
    /// enough: 2 s covers FAT's 2 s granularity too, at the cost of rehashing files touched in the last 2 s.
    public static let racyMargin: Int64 = 2_000_000_000

    /// Creates a manifest, sorting the entries by path.
    public init(entries: [ManifestEntry], createdAt: Int64) {
        self.entries = entries.sorted { ManifestPath.precedes($0.path, $1.path) }
        self.createdAt = createdAt
    }

    init(sortedEntries: [ManifestEntry], createdAt: Int64, directories: DirectoryStamps? = nil) {
        self.entries = sortedEntries
        self.createdAt = createdAt
        self.directories = directories
    }

    /// Equal when the recorded entries and creation time are: the directory stamps and texts are caches.
    public static func == (lhs: SnapshotManifest, rhs: SnapshotManifest) -> Bool {
        lhs.createdAt == rhs.createdAt && lhs.entries == rhs.entries
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(createdAt)
        hasher.combine(entries)
    }

    /// The number of entries (files and symlinks).
    public var fileCount: Int { entries.count }

    /// The sum of the entries' sizes.
    public var totalBytes: UInt64 { entries.reduce(0) { $0 &+ $1.size } }

    /// The entry recorded at a path, found by binary search.
    public func entry(at path: String) -> ManifestEntry? {
        index(of: path).map { entries[$0] }
    }

    func index(of path: String) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let order = ManifestPath.compare(entries[middle].path, path)
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The recorded paths a glob pattern matches, in manifest order.
    public func paths(matching pattern: GlobPattern) -> [String] {
        entries.compactMap { pattern.matches($0.path) ? $0.path : nil }
    }

    /// Whether an entry's hash can be trusted for a file with these stat fields, without reading it.
    func canReuse(_ entry: ManifestEntry, kind: ManifestEntry.Kind, status: FileStatus) -> Bool {
        entry.kind == kind && entry.size == status.size && entry.modificationTime == status.modificationTime
            && entry.mode == status.permissions && entry.modificationTime < createdAt &- Self.racyMargin
    }
}
