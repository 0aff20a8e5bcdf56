import Glibc

extension ObjectStore {
    /// Counts the objects in the store and their bytes, loose and packed (temporary files excluded).
    public func usage() throws(SnapshotError) -> StoreUsage {
        var usage = StoreUsage(objects: 0, bytes: 0)
        try forEachStoredFile { (_, _, isObject, status) throws(SnapshotError) in
            if isObject {
                usage.objects += 1
                usage.bytes += status.size
            }
        }
        for pack in packs.packs() {
            usage.objects += pack.entries.count
            usage.bytes += pack.packBytes
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
        try collectPacks(keeping: live, sparingFrom: spareFrom, into: &result)
        return result
    }

    /// Removes the packs that hold no live object, and rewrites those mostly dead as a pack of their live objects.
    /// A pack whose index is newer than the mark is kept whole, as a young loose object is; a pack file without an
    /// index (its writer died between the two renames) is removed once it is an hour old.
    private func collectPacks(
        keeping live: Set<ObjectHash>, sparingFrom spareFrom: Int64?, into result: inout GarbageCollection
    ) throws(SnapshotError) {
        let folder = directory + "/packs"
        let indexed = packs.packs()
        for pack in indexed {
            if let spareFrom, pack.modificationTime >= spareFrom { continue }
            let kept = pack.entries.filter { live.contains($0.hash) }
            if kept.count * 2 > pack.entries.count { continue }
            var freed = pack.packBytes
            if !kept.isEmpty {
                var data: [UInt8] = []
                var entries: [ObjectPack.Entry] = []
                for entry in kept {
                    guard let bytes = try pack.read(entry) else { continue }
                    entries.append(ObjectPack.Entry(hash: entry.hash, offset: UInt64(data.count), length: entry.length))
                    data += bytes
                }
                let rewritten = try ObjectPack.write(data: data, entries: entries, store: self)
                packs.add(rewritten)
                freed -= min(freed, rewritten.packBytes)
            }
            // The index first: once it is gone the pack is invisible, whatever happens next.
            guard unlink(pack.indexPath) == 0 || errno == ENOENT else {
                throw SystemFile.failure("cannot remove", path: pack.indexPath)
            }
            _ = unlink(pack.packPath)
            packs.remove(pack.name)
            result.removedObjects += pack.entries.count - kept.count
            result.freedBytes += freed
        }
        let names = (try? Self.names(in: folder)) ?? []
        let indexes = Set(names.filter { $0.hasSuffix(".idx") }.map { $0.dropLast(4) })
        for name in names where name.hasSuffix(".pack") && !indexes.contains(name.dropLast(5)) {
            let path = "\(folder)/\(name)"
            guard let status = SystemFile.status(at: AT_FDCWD, path).0,
                SystemFile.now() - status.modificationTime > 3_600_000_000_000, unlink(path) == 0
            else { continue }
            result.freedBytes += status.size
        }
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
