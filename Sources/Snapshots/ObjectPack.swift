import Crypto
import Glibc

/// Many small objects in one file (`packs/<name>.pack`), found through the index beside it (`packs/<name>.idx`).
///
/// A first snapshot of a real repository makes thousands of small objects; as loose files each costs a file
/// creation, which on ext4 takes several times longer after many inodes were freed in the last minutes. A batch of
/// many small objects becomes one pack instead (docs/adr/0015-object-packs.md). The index is renamed into place last
/// and is named by its own hash: a pack without its index is invisible, and garbage once it is an hour old.
struct ObjectPack: Sendable {
    /// Where one object's bytes are in the pack.
    struct Entry: Sendable, Hashable {
        var hash: ObjectHash
        var offset: UInt64
        var length: UInt64
    }

    /// The index's first line; after it, `entrySize` bytes an object: the hash, then offset and length (big-endian).
    static let indexMagic = Array("orchestrator-pack-index 1\n".utf8)
    static let entrySize = 48

    /// The shared part of both file names (the index's SHA-256 in hex).
    let name: String
    let packPath: String
    let indexPath: String
    /// Sorted by hash.
    let entries: [Entry]
    /// The index's modification time (nanoseconds): garbage collection spares a pack written after it marked.
    let modificationTime: Int64
    /// The pack file's size in bytes.
    let packBytes: UInt64

    /// The entry for a hash, by binary search.
    func entry(for hash: ObjectHash) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].hash < hash { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].hash == hash ? entries[low] : nil
    }

    /// Reads and checks `<folder>/<name>.idx` and the size of the pack beside it.
    static func load(folder: String, name: String) throws(SnapshotError) -> ObjectPack {
        let indexPath = "\(folder)/\(name).idx"
        let packPath = "\(folder)/\(name).pack"
        let file = try SystemFile.open(at: AT_FDCWD, indexPath, flags: O_RDONLY, displayPath: indexPath)
        let status = try SystemFile.status(of: file.raw, displayPath: indexPath)
        let size = Int(clamping: status.size)
        let bytes = try SystemFile.readBytes(file.raw, capacity: size + 1, displayPath: indexPath)
        let body = bytes.count - indexMagic.count
        guard bytes.starts(with: indexMagic), body >= 0, body % entrySize == 0,
            ObjectHash.of(bytes).hex == name
        else {
            throw SnapshotError(.corrupt, path: indexPath, "not a pack index, or its bytes do not hash to its name")
        }
        guard let packStatus = SystemFile.status(at: AT_FDCWD, packPath).0, packStatus.type == .regular else {
            throw SnapshotError(.corrupt, path: packPath, "the pack of index \(name).idx is missing")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(body / entrySize)
        bytes.withUnsafeBytes { raw in
            func integer(_ start: Int) -> UInt64 { (0..<8).reduce(0) { $0 << 8 | UInt64(raw[start + $1]) } }
            var start = indexMagic.count
            while start < raw.count {
                entries.append(
                    Entry(
                        hash: ObjectHash(bytes: raw, at: start), offset: integer(start + 32),
                        length: integer(start + 40)))
                start += entrySize
            }
        }
        for (earlier, later) in zip(entries, entries.dropFirst()) where !(earlier.hash < later.hash) {
            throw SnapshotError(.corrupt, path: indexPath, "pack index entries are not in order")
        }
        if let end = entries.map({ $0.offset &+ $0.length }).max(), end > packStatus.size {
            throw SnapshotError(
                .corrupt, path: packPath, "pack is shorter than its index says (\(packStatus.size) bytes)")
        }
        return ObjectPack(
            name: name, packPath: packPath, indexPath: indexPath, entries: entries,
            modificationTime: status.modificationTime, packBytes: packStatus.size)
    }

    /// Writes `data` (objects end to end, where `entries` say) as a pack and its index in `<store>/packs/`: both
    /// written in `tmp/` (and fsynced when the store syncs), then renamed, the index last.
    static func write(
        data: [UInt8], entries unsorted: [Entry], store: ObjectStore
    ) throws(SnapshotError) -> ObjectPack {
        var entries = unsorted.sorted { $0.hash < $1.hash }
        entries = zip(entries.indices, entries).filter { $0 == 0 || entries[$0 - 1].hash != $1.hash }.map(\.1)
        var index = indexMagic
        index.reserveCapacity(indexMagic.count + entries.count * entrySize)
        for entry in entries {
            entry.hash.appendBytes(to: &index)
            for value in [entry.offset, entry.length] {
                for shift in stride(from: 56, through: 0, by: -8) {
                    index.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
                }
            }
        }
        let name = ObjectHash.of(index).hex
        let folder = store.directory + "/packs"
        try SystemFile.makeDirectories(folder)
        let temporary = "\(store.temporaryDirectory)/\(SystemFile.uniqueSuffix())"
        defer {
            _ = unlink(temporary + ".pack")
            _ = unlink(temporary + ".idx")
        }
        try writeFile(data, to: temporary + ".pack", sync: store.syncsToDisk)
        try writeFile(index, to: temporary + ".idx", sync: store.syncsToDisk)
        guard rename(temporary + ".pack", "\(folder)/\(name).pack") == 0 else {
            throw SystemFile.failure("cannot rename into", path: "\(folder)/\(name).pack")
        }
        guard rename(temporary + ".idx", "\(folder)/\(name).idx") == 0 else {
            throw SystemFile.failure("cannot rename into", path: "\(folder)/\(name).idx")
        }
        return ObjectPack(
            name: name, packPath: "\(folder)/\(name).pack", indexPath: "\(folder)/\(name).idx", entries: entries,
            modificationTime: SystemFile.now(), packBytes: UInt64(data.count))
    }

    private static func writeFile(_ bytes: [UInt8], to path: String, sync: Bool) throws(SnapshotError) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        guard fd >= 0 else { throw SystemFile.failure("cannot create", path: path) }
        let file = OwnedDescriptor(fd)
        try SystemFile.withBytes(of: bytes) { (buffer) throws(SnapshotError) in
            try SystemFile.writeAll(file.raw, buffer, displayPath: path)
        }
        if sync { try SystemFile.sync(file.raw, displayPath: path) }
    }

    /// An object's bytes, checked against its hash; nil when the pack is gone (removed by a garbage collection).
    func read(_ entry: Entry) throws(SnapshotError) -> [UInt8]? {
        let fd = SystemFile.tryOpen(at: AT_FDCWD, packPath, flags: O_RDONLY)
        if fd == -ENOENT { return nil }
        guard fd >= 0 else { throw SystemFile.failure("cannot open", path: packPath, code: -fd) }
        let file = OwnedDescriptor(fd)
        let length = Int(clamping: entry.length)
        let bytes = try SystemFile.readBytes(file.raw, capacity: length, at: entry.offset, displayPath: packPath)
        guard bytes.count == length, ObjectHash.of(bytes) == entry.hash else {
            throw SnapshotError(.corrupt, path: packPath, "object bytes do not hash to \(entry.hash)")
        }
        return bytes
    }
}
