import Glibc

/// A file or symlink as the workspace has it now; `hash` is nil when it was not needed.
struct ScannedEntry {
    var path: String
    var kind: ManifestEntry.Kind
    var status: FileStatus
    var hash: ObjectHash?

    /// The manifest entry, once hashed (the store purpose hashes every entry it keeps).
    var manifestEntry: ManifestEntry? {
        hash.map { hash in
            ManifestEntry(
                path: path, kind: kind, hash: hash, mode: status.permissions, size: status.size,
                modificationTime: status.modificationTime)
        }
    }
}

/// One walk of the workspace against a reference manifest, reusing its hashes where the stat data allows.
struct WorkspaceScan {
    /// What the hashes are for.
    enum Purpose {
        /// Hash every file that cannot be reused and stage its bytes in the batch.
        case store(ObjectBatch)
        /// Hash only what is needed to tell whether a file changed; store nothing.
        case compare
    }

    let walker: WorkspaceWalker
    let reference: SnapshotManifest?
    let purpose: Purpose

    private(set) var entries: [ScannedEntry] = []
    private(set) var hashed = 0
    private(set) var reused = 0
    private(set) var newObjects = 0
    private(set) var newBytes: UInt64 = 0
    /// The next reference entry to compare with: the walk visits paths in byte order, as manifests are sorted.
    private var cursor = 0

    init(walker: WorkspaceWalker, reference: SnapshotManifest?, purpose: Purpose) {
        self.walker = walker
        self.reference = reference
        self.purpose = purpose
    }

    /// Walks the tree; afterwards `entries` is sorted by path in byte order.
    mutating func run() throws(SnapshotError) {
        entries.reserveCapacity(reference?.entries.count ?? 1024)
        try walker.walk { (item) throws(SnapshotError) in try self.visit(item) }
        // The walk's order is byte order unless the tree changed under it; then sort to restore the invariant.
        let sorted = entries.indices.dropFirst().allSatisfy {
            ManifestPath.compare(entries[$0 - 1].path, entries[$0].path) < 0
        }
        if !sorted { entries.sort { ManifestPath.precedes($0.path, $1.path) } }
    }

    private mutating func visit(_ item: WalkedItem) throws(SnapshotError) {
        try consider(item, previous: referenceEntry(at: item.path))
    }

    /// Records one file or symlink against the reference entry at its path, reusing that entry's hash when the stat
    /// data allows, unless `mustRead` (the engine knows it was written).
    mutating func consider(
        _ item: WalkedItem, previous: ManifestEntry?, mustRead: Bool = false
    ) throws(SnapshotError) {
        let kind: ManifestEntry.Kind = item.status.type == .regular ? .file : .symlink
        var scanned = ScannedEntry(path: item.path, kind: kind, status: item.status, hash: nil)
        if !mustRead, let reference, let previous, reference.canReuse(previous, kind: kind, status: item.status) {
            scanned.hash = previous.hash
            reused += 1
            entries.append(scanned)
            return
        }
        if case .compare = purpose {
            // A new path, another kind or another size is a change whatever the bytes: no need to read them.
            guard let previous, previous.kind == kind, previous.size == item.status.size else {
                entries.append(scanned)
                return
            }
        }
        guard let read = try hash(item, kind: kind) else { return }
        hashed += 1
        entries.append(read)
    }

    /// The reference entry at a path, found by advancing the cursor (falling back to a binary search).
    private mutating func referenceEntry(at path: String) -> ManifestEntry? {
        guard let reference else { return nil }
        let entries = reference.entries
        while cursor < entries.count {
            let order = ManifestPath.compare(entries[cursor].path, path)
            if order == 0 { return entries[cursor] }
            if order > 0 { break }
            cursor += 1
        }
        if cursor < entries.count || entries.isEmpty { return nil }
        return reference.index(of: path).map { entries[$0] }
    }

    /// Reads and hashes one entry (storing it when the purpose says so); nil if it vanished meanwhile.
    private mutating func hash(_ item: WalkedItem, kind: ManifestEntry.Kind) throws(SnapshotError) -> ScannedEntry? {
        let displayPath = walker.root + "/" + item.path
        var scanned = ScannedEntry(path: item.path, kind: kind, status: item.status, hash: nil)
        switch kind {
        case .symlink:
            let target = try SystemFile.linkTarget(at: item.directory, item.name, displayPath: displayPath)
            scanned.status.size = UInt64(target.count)
            if case .store(let batch) = purpose {
                let stored = try SystemFile.withBytes(of: target) { (bytes) throws(SnapshotError) in
                    try batch.store.insert(bytes, batch: batch)
                }
                record(stored)
                scanned.hash = stored.hash
            } else {
                scanned.hash = ObjectHash.of(target)
            }
        case .file:
            let fd = SystemFile.tryOpen(at: item.directory, item.name, flags: O_RDONLY | O_NOFOLLOW)
            guard fd >= 0 else {
                if fd == -ENOENT || fd == -ELOOP { return nil }
                throw SystemFile.failure("cannot read", path: displayPath, code: -fd)
            }
            let file = OwnedDescriptor(fd)
            // Describe the file actually opened, in case it was replaced after the walk's stat.
            let status = try SystemFile.status(of: file.raw, displayPath: displayPath)
            guard status.type == .regular else { return nil }
            scanned.status = status
            if case .store(let batch) = purpose {
                let stored = try batch.store.insertFile(
                    file.raw, sizeHint: status.size, displayPath: displayPath, batch: batch)
                record(stored)
                scanned.status.size = stored.size
                scanned.hash = stored.hash
            } else {
                scanned.hash = try ObjectStore.hashFile(file.raw, sizeHint: status.size, displayPath: displayPath)
            }
        }
        return scanned
    }

    private mutating func record(_ stored: ObjectStore.Inserted) {
        if stored.created {
            newObjects += 1
            newBytes += stored.size
        }
    }
}

/// How the scanned workspace differs from a target entry list, and what a restore must do about it.
struct WorkspaceComparison {
    var changes = WorkspaceChanges()
    /// Workspace paths the target does not have.
    var toRemove: [String] = []
    /// Target entries that are missing or differ in the workspace.
    var toWrite: [ManifestEntry] = []

    /// Merges two lists sorted by path in byte order.
    init(current: [ScannedEntry], target: [ManifestEntry]) {
        var left = 0
        var right = 0
        while left < current.count || right < target.count {
            let order: Int32
            if left == current.count {
                order = 1
            } else if right == target.count {
                order = -1
            } else {
                order = ManifestPath.compare(current[left].path, target[right].path)
            }
            if order < 0 {
                changes.added.append(current[left].path)
                toRemove.append(current[left].path)
                left += 1
            } else if order > 0 {
                changes.removed.append(target[right].path)
                toWrite.append(target[right])
                right += 1
            } else {
                if Self.differs(current[left], target[right]) {
                    changes.modified.append(target[right].path)
                    toWrite.append(target[right])
                }
                left += 1
                right += 1
            }
        }
    }

    private static func differs(_ current: ScannedEntry, _ target: ManifestEntry) -> Bool {
        guard current.kind == target.kind, let hash = current.hash, hash == target.hash else { return true }
        // Symlink permissions are always 0777 on Linux and cannot be set, so only a file's mode counts.
        return target.kind == .file && current.status.permissions != target.mode
    }
}
