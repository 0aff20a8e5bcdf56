import CrashPoints
import Glibc

extension WorkspaceSnapshotter {
    /// Makes the non-ignored tree exactly the manifest and returns what differed (as `changes(since:)` would).
    ///
    /// Files not in the manifest are removed, directories emptied by that removed, missing or changed
    /// entries written with their modes. Each file is written to a temporary name in its own directory and
    /// renamed over the old one, so a kill leaves whole files and running the restore again finishes it.
    /// Directories are opened one component at a time without following symlinks, so a workspace symlink
    /// such as `out -> /tmp` is replaced (it is not in the manifest) rather than written through.
    /// With `dryRun` nothing is touched.
    public func restore(_ manifest: SnapshotManifest, dryRun: Bool = false) throws(SnapshotError) -> WorkspaceChanges {
        let comparison = try compare(with: manifest)
        // Fail before touching anything if the store cannot supply every body we need.
        for entry in comparison.toWrite where !objects.contains(entry.hash) {
            throw SnapshotError(.missingObject, path: entry.path, "no object \(entry.hash) in the store")
        }
        if dryRun { return comparison.changes }

        var directories = try WorkspaceDirectories(root: workspace)
        for path in comparison.toRemove.reversed() {
            try directories.removeEntry(path)
        }
        // Children sort after their parents in byte order, so reversed order empties the deepest first.
        let emptied = Set(comparison.toRemove.flatMap { ManifestPath.ancestors(of: $0) })
        for directory in emptied.sorted(by: ManifestPath.precedes).reversed() where !rules.ignores(directory) {
            try directories.removeDirectoryIfEmpty(directory)
        }
        for entry in comparison.toWrite {
            try write(entry, into: &directories)
        }
        return comparison.changes
    }

    private func write(_ entry: ManifestEntry, into directories: inout WorkspaceDirectories) throws(SnapshotError) {
        let (components, name) = ManifestPath.split(entry.path)
        let parent = try directories.open(components, create: true)
        let temporary = ".orchestrator-restore-\(SystemFile.uniqueSuffix())"
        let displayPath = "\(workspace)/\(entry.path)"
        switch entry.kind {
        case .file:
            let file = try SystemFile.open(
                at: parent, temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600,
                displayPath: displayPath)
            do throws(SnapshotError) {
                try objects.copy(entry.hash, to: file.raw, displayPath: displayPath)
                guard fchmod(file.raw, mode_t(entry.mode)) == 0 else {
                    throw SystemFile.failure("cannot chmod", path: displayPath)
                }
            } catch {
                _ = unlinkat(parent, temporary, 0)
                throw error
            }
        case .symlink:
            let target = try objects.get(entry.hash)
            guard !target.isEmpty, !target.contains(0) else {
                throw SnapshotError(.corrupt, path: entry.path, "symlink target is empty or contains NUL")
            }
            let cTarget = target.map { CChar(bitPattern: $0) } + [0]
            let created = cTarget.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { symlinkat($0, parent, temporary) } ?? -1
            }
            guard created == 0 else { throw SystemFile.failure("cannot create symlink", path: displayPath) }
        }
        try directories.replace(temporary, with: name, in: parent, displayPath: displayPath)
    }
}

/// Workspace directories opened by walking each component with `O_NOFOLLOW`, so that no restore
/// write or removal can pass through a symlink, whatever the tree looks like by then.
struct WorkspaceDirectories: ~Copyable {
    private let root: OwnedDescriptor
    private let rootPath: String
    private var cachedPath: [String]?
    private var cachedDescriptor: Int32 = -1

    init(root: String) throws(SnapshotError) {
        self.root = try SystemFile.open(at: AT_FDCWD, root, flags: O_RDONLY | O_DIRECTORY, displayPath: root)
        self.rootPath = root
    }

    deinit {
        if cachedDescriptor >= 0 { _ = close(cachedDescriptor) }
    }

    /// The descriptor of a workspace directory (owned by this value until the next call), or -1 if it
    /// is missing and `create` is false.
    mutating func open(_ components: [String], create: Bool) throws(SnapshotError) -> Int32 {
        if components.isEmpty { return root.raw }
        if cachedPath == components { return cachedDescriptor }
        dropCache()
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW
        var current = root.raw
        for (index, component) in components.enumerated() {
            var opened = SystemFile.tryOpen(at: current, component, flags: flags)
            var made: Int32 = 0
            if opened == -ENOENT && create {
                made = mkdirat(current, component, 0o755) == 0 || errno == EEXIST ? 0 : errno
                opened = made == 0 ? SystemFile.tryOpen(at: current, component, flags: flags) : -made
            }
            if current != root.raw { _ = close(current) }
            guard opened >= 0 else {
                if opened == -ENOENT && !create { return -1 }
                let path = "\(rootPath)/\(components[...index].joined(separator: "/"))"
                if opened == -ELOOP || opened == -ENOTDIR {
                    throw SnapshotError(
                        .unsafePath, path: path, "is a symlink or not a directory; refusing to go through it")
                }
                throw SystemFile.failure("cannot open directory", path: path, code: -opened)
            }
            current = opened
        }
        cachedPath = components
        cachedDescriptor = current
        return current
    }

    mutating func removeEntry(_ path: String) throws(SnapshotError) {
        let (components, name) = ManifestPath.split(path)
        let parent = try open(components, create: false)
        guard parent >= 0 else { return }
        if unlinkat(parent, name, 0) != 0 && errno != ENOENT {
            throw SystemFile.failure("cannot remove", path: "\(rootPath)/\(path)")
        }
    }

    mutating func removeDirectoryIfEmpty(_ path: String) throws(SnapshotError) {
        let (components, name) = ManifestPath.split(path)
        let parent = try open(components, create: false)
        guard parent >= 0 else { return }
        // The cached directory may be the one removed, or inside it.
        defer { dropCache() }
        if unlinkat(parent, name, AT_REMOVEDIR) != 0 {
            switch errno {
            case ENOTEMPTY, EEXIST, ENOENT, ENOTDIR: return
            default: throw SystemFile.failure("cannot remove directory", path: "\(rootPath)/\(path)")
            }
        }
    }

    /// Renames a temporary entry over `name`, replacing a file, a symlink or an empty directory.
    func replace(_ temporary: String, with name: String, in parent: Int32, displayPath: String) throws(SnapshotError) {
        CrashPoint.renaming()
        if renameat(parent, temporary, parent, name) == 0 { return }
        if errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST {
            // A directory where the manifest has a file. Its files were removed already (empty directories
            // are not recorded, so some may remain); anything else left in it is ignored, and stays.
            if Self.removeEmptyTree(parent, name) && renameat(parent, temporary, parent, name) == 0 { return }
        }
        let failure = SystemFile.failure("cannot replace", path: displayPath)
        _ = unlinkat(parent, temporary, 0)
        throw failure
    }

    /// Removes a directory that holds nothing but (nested) empty directories; false if anything else is in it.
    private static func removeEmptyTree(_ parent: Int32, _ name: String) -> Bool {
        if unlinkat(parent, name, AT_REMOVEDIR) == 0 { return true }
        let descriptor = SystemFile.tryOpen(at: parent, name, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        guard let stream = fdopendir(descriptor) else {
            _ = close(descriptor)
            return false
        }
        var children: [String] = []
        while let entry = readdir(stream) {
            let child = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(validatingCString: $0) }
            }
            guard let child else { continue }
            if child != "." && child != ".." { children.append(child) }
        }
        var emptied = true
        for child in children where !removeEmptyTree(dirfd(stream), child) {
            emptied = false
        }
        closedir(stream)
        return emptied && unlinkat(parent, name, AT_REMOVEDIR) == 0
    }

    private mutating func dropCache() {
        if cachedDescriptor >= 0 { _ = close(cachedDescriptor) }
        cachedDescriptor = -1
        cachedPath = nil
    }
}
