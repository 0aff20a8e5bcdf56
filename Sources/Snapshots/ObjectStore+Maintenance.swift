import Glibc

extension ObjectStore {
    /// Counts the objects in the store and their bytes (temporary files excluded).
    public func usage() throws(SnapshotError) -> StoreUsage {
        var usage = StoreUsage(objects: 0, bytes: 0)
        try forEachStoredFile { (_, _, isObject, status) throws(SnapshotError) in
            if isObject {
                usage.objects += 1
                usage.bytes += status.size
            }
        }
        return usage
    }

    /// The wall clock in nanoseconds since the epoch, comparable with the objects' modification times: what a
    /// caller reads before it marks, to pass as `sparingNewerThan`.
    public static func now() -> Int64 { SystemFile.now() }

    /// Keeps the given manifests and every object they reference; removes all other objects and stray files.
    ///
    /// Every kept manifest is loaded (and so verified) before anything is removed: a missing or corrupt
    /// one throws and deletes nothing. A temporary file is removed when the process that wrote it is gone,
    /// or when it is over an hour old, so that a snapshot running in another process keeps its files. An object
    /// modified at or after `sparingNewerThan` (less a second, for the file system's coarser clock) is kept even
    /// unreferenced: a writer may have stored it after the caller marked.
    public func collectGarbage(
        keeping manifests: [ObjectHash], sparingNewerThan markStarted: Int64? = nil
    ) throws(SnapshotError) -> GarbageCollection {
        let spareFrom = markStarted.map { $0 - 1_000_000_000 }
        var live = Set<ObjectHash>()
        for hash in manifests {
            let manifest = try loadManifest(hash)
            live.insert(hash)
            for entry in manifest.entries {
                live.insert(entry.hash)
            }
        }
        var result = GarbageCollection(removedObjects: 0, freedBytes: 0)
        try forEachStoredFile { (path, hash, isObject, status) throws(SnapshotError) in
            let size = status.size
            if isObject, let hash, live.contains(hash) { return }
            if isObject, let spareFrom, status.modificationTime >= spareFrom { return }
            if !isObject && !Self.isAbandonedTemporaryFile(path) { return }
            if unlink(path) == 0 {
                result.removedObjects += 1
                result.freedBytes += size
            } else if errno != ENOENT {
                throw SystemFile.failure("cannot remove", path: path)
            }
        }
        return result
    }

    /// Calls `body(path, hash, isObject, status)` for every file in the fan-out folders and in `tmp/`.
    /// Files in fan-out folders whose names are not hashes are reported with a nil hash, as objects to drop.
    private func forEachStoredFile(
        _ body: (String, ObjectHash?, Bool, FileStatus) throws(SnapshotError) -> Void
    ) throws(SnapshotError) {
        for folder in try Self.names(in: directory) {
            let folderPath = "\(directory)/\(folder)"
            guard SystemFile.status(at: AT_FDCWD, folderPath).0?.type == .directory else { continue }
            let isTemporary = folder == "tmp"
            if !isTemporary && !Self.isFanOutName(folder) { continue }
            for name in try Self.names(in: folderPath) {
                let path = "\(folderPath)/\(name)"
                guard let status = SystemFile.status(at: AT_FDCWD, path).0, status.type != .directory else {
                    continue
                }
                if isTemporary {
                    try body(path, nil, false, status)
                } else {
                    let hash = ObjectHash(hex: folder + name)
                    try body(path, hash, true, status)
                }
            }
        }
    }

    private static func isFanOutName(_ name: String) -> Bool {
        name.utf8.count == 2 && ObjectHash(hex: name + String(repeating: "0", count: 62)) != nil
    }

    private static func isAbandonedTemporaryFile(_ path: String) -> Bool {
        let name = path.split(separator: "/").last ?? ""
        let status = SystemFile.status(at: AT_FDCWD, path).0
        let age = SystemFile.now() - (status?.modificationTime ?? 0)
        if age > 3_600_000_000_000 { return true }
        guard let pidText = name.split(separator: "-").first, let pid = Int32(pidText), pid > 0 else { return true }
        if pid == getpid() { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static func names(in path: String) throws(SnapshotError) -> [String] {
        guard let stream = opendir(path) else { throw SystemFile.failure("cannot read directory", path: path) }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
