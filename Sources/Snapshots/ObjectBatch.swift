import CrashPoints
import Glibc

/// New objects staged in the store's `tmp/` and made durable together by one fsync, then renamed into place.
///
/// One fsync per object made a 10,000-file first snapshot take 30 s here. This is git's
/// `core.fsyncMethod=batch`: each file's writeback is started with `sync_file_range` when it is
/// staged, and a single fsync at `commit` commits the filesystem journal that holds them all (ext4
/// commits the whole running transaction, and data=ordered writes the data first). Objects become
/// visible only by rename after that, so a kill at any point leaves whole objects or none; files
/// still in `tmp/` are removed by the deinit or, after a crash, by garbage collection.
final class ObjectBatch {
    let store: ObjectStore
    private var pending: [(temporary: String, hash: ObjectHash)] = []
    private var pendingHashes = Set<ObjectHash>()
    /// Fan-out folders (the hash's first byte) found missing: no object under them can exist yet, so a first
    /// snapshot of 100,000 files asks the file system 256 times instead of 100,000. Another writer adding an object
    /// meanwhile costs at most a second copy of the same bytes, renamed over the first.
    private var missingFanOuts = Set<String>()
    /// Small new objects held for a pack: their bytes end to end, and where each one is.
    private var held: [UInt8] = []
    private var heldEntries: [ObjectPack.Entry] = []

    /// Objects up to this size are held for a pack; larger ones are files of their own.
    static let packableSize = 64 << 10
    /// Fewer held objects than this are written as files of their own at commit: a snapshot of a few changes stays
    /// loose, and packs stay few.
    static let packMinimumObjects = 64
    /// Held bytes beyond this are written as a pack at once, so that a huge first snapshot is not held in memory.
    static let heldBytesLimit = 32 << 20

    init(store: ObjectStore) {
        self.store = store
        store.packs.refresh()
    }

    deinit {
        for staged in pending {
            _ = unlink(staged.temporary)
        }
    }

    /// Whether the store has the object, or this batch will add it.
    func contains(_ hash: ObjectHash) -> Bool {
        if pendingHashes.contains(hash) { return true }
        if store.packs.locate(hash, refresh: false) != nil { return true }
        let fanOut = String(hash.hex.prefix(2))
        if missingFanOuts.contains(fanOut) { return false }
        // The packs were looked in above, as they were when the batch began (not read again per object).
        if store.containsLoose(hash) { return true }
        if SystemFile.status(at: AT_FDCWD, store.directory + "/" + fanOut).1 == ENOENT { missingFanOuts.insert(fanOut) }
        return false
    }

    /// Hands a finished temporary file to the batch; it becomes an object at `commit`.
    func stage(temporary: String, descriptor: Int32, hash: ObjectHash) throws(SnapshotError) {
        // Start writing the data back now, without waiting, so that its blocks are allocated and the
        // final fsync's journal commit includes them; without sync_file_range, sync this file now.
        if !store.syncsToDisk {
            // Nothing to make durable beyond a killed process: the rename alone is enough for that.
        } else if let startWriteback = Self.syncFileRange {
            _ = startWriteback(descriptor, 0, 0, Self.syncFileRangeWrite)
        } else {
            try SystemFile.sync(descriptor, displayPath: temporary)
        }
        pending.append((temporary, hash))
        pendingHashes.insert(hash)
    }

    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private static let syncFileRangeWrite: UInt32 = 2

    /// glibc's `sync_file_range`, which the Swift Glibc module does not export (it is a GNU extension).
    private static let syncFileRange: SyncFileRange? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()

    /// Holds a small new object for a pack.
    func hold(_ bytes: UnsafeRawBufferPointer, hash: ObjectHash) throws(SnapshotError) {
        heldEntries.append(ObjectPack.Entry(hash: hash, offset: UInt64(held.count), length: UInt64(bytes.count)))
        held.append(contentsOf: bytes)
        pendingHashes.insert(hash)
        if held.count >= Self.heldBytesLimit { try writeHeld() }
    }

    /// The held objects as one pack (made visible at once: like any unreferenced object, harmless before the
    /// checkpoint that names them commits), or, when few, as staged files of their own.
    private func writeHeld() throws(SnapshotError) {
        guard !heldEntries.isEmpty else { return }
        if heldEntries.count >= Self.packMinimumObjects {
            store.packs.add(try ObjectPack.write(data: held, entries: heldEntries, store: store))
            for entry in heldEntries { pendingHashes.remove(entry.hash) }
        } else {
            try SystemFile.withBytes(of: held) { (buffer) throws(SnapshotError) in
                for entry in heldEntries {
                    let start = Int(entry.offset)
                    try store.storeLoose(
                        UnsafeRawBufferPointer(rebasing: buffer[start..<start + Int(entry.length)]), hash: entry.hash,
                        batch: self)
                }
            }
        }
        held.removeAll()
        heldEntries.removeAll()
    }

    /// Writes the held objects, makes every staged object durable with one fsync, then renames each into place.
    func commit() throws(SnapshotError) {
        try writeHeld()
        guard let last = pending.last else { return }
        if store.syncsToDisk {
            let file = try SystemFile.open(at: AT_FDCWD, last.temporary, flags: O_RDONLY, displayPath: last.temporary)
            try SystemFile.sync(file.raw, displayPath: last.temporary)
        }
        var createdFanOuts = Set<String>()
        // Renamed in order; those done leave `pending` even when one fails, so the deinit removes only the rest.
        var done = 0
        defer {
            for staged in pending[..<done] { pendingHashes.remove(staged.hash) }
            pending.removeFirst(done)
        }
        for staged in pending {
            let destination = store.path(of: staged.hash)
            if let slash = destination.lastIndex(of: "/") {
                let fanOut = String(destination[..<slash])
                if !createdFanOuts.contains(fanOut) {
                    if mkdir(fanOut, 0o755) != 0 && errno != EEXIST {
                        throw SystemFile.failure("cannot create directory", path: fanOut)
                    }
                    createdFanOuts.insert(fanOut)
                }
            }
            CrashPoint.renaming()
            guard rename(staged.temporary, destination) == 0 else {
                throw SystemFile.failure("cannot rename into", path: destination)
            }
            done += 1
        }
        missingFanOuts.removeAll()
    }
}
