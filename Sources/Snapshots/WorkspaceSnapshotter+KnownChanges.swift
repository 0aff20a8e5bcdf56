import Glibc

extension WorkspaceSnapshotter {
    /// Records the workspace from `previous` and the paths the engine knows changed since it, without walking the
    /// tree (docs/adr/0012-snapshots-from-known-changes.md).
    ///
    /// Every directory the previous snapshot saw is checked with one `lstat`; a directory whose stamp moved (a name
    /// added, removed or renamed in it, or the directory replaced) has its names read again, and a directory new
    /// to it is walked whole; the known paths are read. What this cannot see is a file someone else modified in
    /// place in a directory whose names did not change: that waits for the next full walk. Without directory
    /// stamps on `previous` (it was loaded from the store: a resume) or without `known`, this walks the tree.
    public func snapshot(
        reusing previous: SnapshotManifest?, known: KnownChanges?
    ) throws(SnapshotError) -> SnapshotResult {
        guard let previous, let directories = previous.directories, let known, directories.stamps[""] != nil else {
            return try snapshot(reusing: previous)
        }
        // Taken before any stat, so that anything changed meanwhile is racy next time.
        let createdAt = SystemFile.now()
        let batch = ObjectBatch(store: objects)
        var update = KnownChangesUpdate(
            snapshotter: self, previous: previous, directories: directories, purpose: .store(batch))
        try update.run(known)
        try batch.commit()
        var manifest = update.manifest(createdAt: createdAt)
        let manifestHash = try objects.storeManifest(keepingText: &manifest)
        return SnapshotResult(
            manifest: manifest, manifestHash: manifestHash, hashedFiles: update.scan.hashed,
            reusedFiles: manifest.entries.count - update.scan.hashed, newObjects: update.scan.newObjects,
            newBytes: update.scan.newBytes)
    }

    /// How the tree differs from `manifest`, reading the known paths and the folders whose stamp moved instead of
    /// walking, under the rule of `snapshot(reusing:known:)`; without stamps on `manifest` or without `known`, a walk.
    public func changes(
        since manifest: SnapshotManifest, known: KnownChanges?
    ) throws(SnapshotError) -> WorkspaceChanges {
        guard let directories = manifest.directories, let known, directories.stamps[""] != nil else {
            return try changes(since: manifest)
        }
        var update = KnownChangesUpdate(
            snapshotter: self, previous: manifest, directories: directories, purpose: .compare)
        try update.run(known)
        return update.comparison().changes
    }
}

/// One snapshot built from a previous manifest, its directory stamps and the known changes since.
struct KnownChangesUpdate {
    let snapshotter: WorkspaceSnapshotter
    let previous: SnapshotManifest
    let directories: DirectoryStamps
    /// Reads what must be read, against the previous manifest; its entries are the new and changed ones.
    var scan: WorkspaceScan
    /// The stamps of the new manifest: those still vouching, and those of every directory read again.
    let stamps = DirectoryStampRecorder()
    /// Directories gone (or no longer directories): every entry under them goes.
    private var vanished: [String] = []
    /// Directories whose names were read again: their direct children are all accounted for.
    private var rescanned: Set<String> = []
    /// Directories new since the previous snapshot, walked whole.
    private var walked: [String] = []
    /// Previous entries that are gone.
    private var removed: Set<String> = []

    init(
        snapshotter: WorkspaceSnapshotter, previous: SnapshotManifest, directories: DirectoryStamps,
        purpose: WorkspaceScan.Purpose
    ) {
        self.snapshotter = snapshotter
        self.previous = previous
        self.directories = directories
        scan = WorkspaceScan(walker: snapshotter.walker, reference: previous, purpose: purpose)
    }

    private var root: String { snapshotter.workspace }

    private func absolute(_ path: String) -> String {
        path.isEmpty ? root : root + "/" + path
    }

    mutating func run(_ known: KnownChanges) throws(SnapshotError) {
        // Parents before children: a vanished directory takes its subdirectories with it unchecked.
        for path in directories.stamps.keys.sorted(by: ManifestPath.precedes) {
            if Self.isUnder(path, any: vanished) { continue }
            let current =
                path.isEmpty
                ? rootStamp() : SystemFile.directoryStamp(at: AT_FDCWD, absolute(path))
            guard let current else {
                if path.isEmpty { throw SnapshotError(.io, path: root, "workspace does not exist") }
                vanished.append(path)
                continue
            }
            if directories.vouches(for: path, now: current) {
                stamps.record(path, current)
            } else {
                try rescan(path)
            }
        }
        let paths = Set(known.written + known.removed).sorted(by: ManifestPath.precedes)
        for path in paths where ManifestPath.problem(path) == nil && !snapshotter.rules.ignores(path) {
            let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
            // Read with its directory, walked with a new one, or gone with a vanished one: already settled. A parent
            // no stamp vouches for is new (walked from the directory above it) or gone.
            guard !rescanned.contains(parent), !Self.isUnder(path, any: walked), !Self.isUnder(path, any: vanished),
                stamps.stamps[parent] != nil
            else { continue }
            try read(path)
        }
    }

    private func rootStamp() -> DirectoryStamp? {
        var raw = stat()
        guard stat(root, &raw) == 0, raw.st_mode & 0o170_000 == 0o040_000 else { return nil }
        return DirectoryStamp(raw)
    }

    /// Reads a directory's names again: its files and symlinks against the previous entries, its new subdirectories
    /// walked whole (those the previous snapshot saw are checked on their own stamps).
    private mutating func rescan(_ directory: String) throws(SnapshotError) {
        let known = directories.stamps
        var seen: Set<String> = []
        let walker = WorkspaceWalker(root: root, ignore: snapshotter.rules, stamps: stamps)
        var newDirectories: [String] = []
        let previous = self.previous
        let found = try walker.walk(
            under: directory,
            descendingInto: { path in
                if known[path] != nil { return false }
                newDirectories.append(path)
                return true
            },
            { (item) throws(SnapshotError) in
                seen.insert(item.path)
                try scan.consider(item, previous: previous.entry(at: item.path))
            })
        guard found else {
            vanished.append(directory)
            return
        }
        rescanned.insert(directory)
        walked += newDirectories.filter { !Self.isUnder($0, any: walked) }
        // The previous direct children not seen now are gone (a subdirectory's own entries are its business).
        for index in previous.indices(under: directory) {
            let path = previous.entries[index].path
            let rest = directory.isEmpty ? Substring(path) : path.dropFirst(directory.utf8.count + 1)
            if !rest.contains("/") && !seen.contains(path) { removed.insert(path) }
        }
    }

    /// Reads one path the engine says it wrote or removed.
    private mutating func read(_ path: String) throws(SnapshotError) {
        let full = absolute(path)
        let (found, code) = SystemFile.status(at: AT_FDCWD, full)
        guard let status = found else {
            guard code == ENOENT || code == ENOTDIR else {
                throw SystemFile.failure("cannot stat", path: full, code: code)
            }
            removed.insert(path)
            return
        }
        switch status.type {
        case .regular, .symlink:
            let before = scan.entries.count
            let item = WalkedItem(path: path, name: full, directory: AT_FDCWD, status: status)
            try scan.consider(item, previous: previous.entry(at: path), mustRead: true)
            if scan.entries.count == before { removed.insert(path) }
        case .directory:
            // A file that became a directory: its parent's names moved too, so this only happens in a race.
            removed.insert(path)
            let walker = WorkspaceWalker(root: root, ignore: snapshotter.rules, stamps: stamps)
            let previous = self.previous
            if try walker.walk(
                under: path,
                { (item) throws(SnapshotError) in try scan.consider(item, previous: previous.entry(at: item.path)) })
            {
                walked.append(path)
            }
        case .other:
            removed.insert(path)
        }
    }

    /// The previous entries, minus what is gone, with what was read, in path order; with the previous text, which
    /// lines it repeats.
    func manifest(createdAt: Int64) -> SnapshotManifest {
        var entries = previous.entries
        var keep = [Bool](repeating: true, count: entries.count)
        var read = [Bool](repeating: false, count: entries.count)
        for directory in vanished {
            for index in previous.indices(under: directory) { keep[index] = false }
        }
        for path in removed {
            if let index = previous.index(of: path) { keep[index] = false }
        }
        var additions: [ManifestEntry] = []
        for entry in scan.entries.compactMap(\.manifestEntry) {
            if let index = previous.index(of: entry.path) {
                entries[index] = entry
                keep[index] = true
                read[index] = true
            } else {
                additions.append(entry)
            }
        }
        additions.sort { ManifestPath.precedes($0.path, $1.path) }
        var merged: [ManifestEntry] = []
        merged.reserveCapacity(entries.count + additions.count)
        var origins: [Int32] = []
        origins.reserveCapacity(entries.count + additions.count)
        var next = 0
        for (index, entry) in entries.enumerated() where keep[index] {
            while next < additions.count && ManifestPath.precedes(additions[next].path, entry.path) {
                merged.append(additions[next])
                origins.append(-1)
                next += 1
            }
            merged.append(entry)
            origins.append(read[index] ? -1 : Int32(index))
        }
        merged += additions[next...]
        origins += repeatElement(-1, count: additions.count - next)
        var manifest = SnapshotManifest(
            sortedEntries: merged, createdAt: createdAt,
            directories: DirectoryStamps(stamps: stamps.stamps, takenAt: createdAt))
        if let text = previous.text, text.entryStarts.count == previous.entries.count {
            manifest.derivation = ManifestDerivation(base: text, origins: origins)
        }
        return manifest
    }

    /// The previous entries against what was read: paths not read and not gone are the same by the stamps' word.
    func comparison() -> WorkspaceComparison {
        let current = scan.entries.sorted { ManifestPath.precedes($0.path, $1.path) }
        var indices = Set(current.compactMap { previous.index(of: $0.path) })
        for path in removed {
            if let index = previous.index(of: path) { indices.insert(index) }
        }
        for directory in vanished { indices.formUnion(previous.indices(under: directory)) }
        return WorkspaceComparison(current: current, target: indices.sorted().map { previous.entries[$0] })
    }

    /// Whether a path lies under one of the directories ("" is the root, above everything).
    static func isUnder(_ path: String, any directories: [String]) -> Bool {
        directories.contains { directory in
            directory.isEmpty
                || (path.utf8.starts(with: directory.utf8) && path.utf8.dropFirst(directory.utf8.count).first == 0x2F)
        }
    }
}

extension SnapshotManifest {
    /// The indices of the entries under a directory ("" for all): a contiguous run, since `/` sorts before the
    /// bytes that could follow the directory's name in a sibling's.
    func indices(under directory: String) -> Range<Int> {
        guard !directory.isEmpty else { return entries.indices }
        let low = lowerBound(directory + "/")
        let high = lowerBound(directory + "0")  // "0" is the byte after "/".
        return low..<max(low, high)
    }

    private func lowerBound(_ path: String) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if ManifestPath.compare(entries[middle].path, path) < 0 { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
