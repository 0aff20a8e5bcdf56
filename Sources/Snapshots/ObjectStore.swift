import CrashPoints
import Crypto
import Glibc

/// A content-addressed store: each distinct body is kept once, in `<directory>/<2 hex>/<62 hex>`.
///
/// Every write goes to `<directory>/tmp/`, is written out (fsynced when `syncsToDisk`), then renamed into
/// place, so a killed process leaves either no object or a whole one; leftover temporary files are removed by
/// `collectGarbage(keeping:)`. Objects are made read-only so that nothing edits them in place.
public struct ObjectStore: Sendable {
    /// The store's root directory.
    public let directory: String
    /// Whether objects are fsynced before they become visible: durable across a power loss, not only across a
    /// killed process. Off, a power loss can leave a truncated object, which `get` then reports as corrupt.
    public let syncsToDisk: Bool
    /// The packs in `<directory>/packs/`, where a batch of many small objects is kept (``ObjectPack``).
    let packs: PackShelf

    /// Opens the store, creating the directory (and its parents) if missing, unless `createIfMissing` is false (a
    /// store only read, perhaps on a read-only file system).
    public init(directory: String, syncsToDisk: Bool = true, createIfMissing: Bool = true) throws(SnapshotError) {
        self.syncsToDisk = syncsToDisk
        var path = directory
        while path.count > 1 && path.hasSuffix("/") {
            path.removeLast()
        }
        guard !path.isEmpty else { throw SnapshotError(.io, path: directory, "empty object store path") }
        self.directory = path
        packs = PackShelf(folder: path + "/packs")
        if createIfMissing { try SystemFile.makeDirectories(temporaryDirectory) }
    }

    var temporaryDirectory: String { directory + "/tmp" }

    func path(of hash: ObjectHash) -> String {
        let hex = hash.hex
        let split = hex.index(hex.startIndex, offsetBy: 2)
        return "\(directory)/\(hex[..<split])/\(hex[split...])"
    }

    /// Whether the store holds an object with this hash, loose or in a pack.
    public func contains(_ hash: ObjectHash) -> Bool {
        containsLoose(hash) || packs.locate(hash) != nil
    }

    /// Whether the object is a file of its own.
    func containsLoose(_ hash: ObjectHash) -> Bool {
        SystemFile.status(at: AT_FDCWD, path(of: hash)).0?.type == .regular
    }

    /// Stores bytes and returns their hash; storing the same bytes again only returns the hash.
    public func put(_ bytes: [UInt8]) throws(SnapshotError) -> ObjectHash {
        try SystemFile.withBytes(of: bytes) { (buffer) throws(SnapshotError) in try insert(buffer).hash }
    }

    /// Stores a file's bytes, reading it in chunks so that a large file is never held in memory whole.
    public func putFile(atPath path: String) throws(SnapshotError) -> (hash: ObjectHash, size: UInt64) {
        let file = try SystemFile.open(at: AT_FDCWD, path, flags: O_RDONLY, displayPath: path)
        let status = try SystemFile.status(of: file.raw, displayPath: path)
        guard status.type == .regular else { throw SnapshotError(.io, path: path, "not a regular file") }
        let stored = try insertFile(file.raw, sizeHint: status.size, displayPath: path)
        return (stored.hash, stored.size)
    }

    /// Reads an object, checking that its bytes still hash to its name.
    public func get(_ hash: ObjectHash) throws(SnapshotError) -> [UInt8] {
        let objectPath = path(of: hash)
        guard let file = try openLoose(hash) else { return try packed(hash) }
        let size = Int(clamping: try SystemFile.status(of: file.raw, displayPath: objectPath).size)
        // One byte more than the size, so that a file that grew since its stat fails the hash check.
        let bytes = try SystemFile.readBytes(file.raw, capacity: size + 1, displayPath: objectPath)
        guard ObjectHash.of(bytes) == hash else {
            throw SnapshotError(.corrupt, path: objectPath, "object bytes do not hash to \(hash)")
        }
        return bytes
    }

    /// The loose object's file, or nil when there is none (it may be in a pack).
    private func openLoose(_ hash: ObjectHash) throws(SnapshotError) -> OwnedDescriptor? {
        let objectPath = path(of: hash)
        let fd = SystemFile.tryOpen(at: AT_FDCWD, objectPath, flags: O_RDONLY)
        guard fd >= 0 else {
            if fd == -ENOENT { return nil }
            throw SystemFile.failure("cannot open", path: objectPath, code: -fd)
        }
        return OwnedDescriptor(fd)
    }

    /// An object's bytes from its pack. A pack removed since its index was read (a garbage collection that moved
    /// its live objects to a new pack) is looked for again once.
    private func packed(_ hash: ObjectHash) throws(SnapshotError) -> [UInt8] {
        for _ in 0..<2 {
            guard let found = packs.locate(hash) else { break }
            if let bytes = try found.pack.read(found.entry) { return bytes }
            packs.remove(found.pack.name)
        }
        let unreadable = packs.unreadableIndexes().map { " (unreadable pack indexes: \($0))" } ?? ""
        throw SnapshotError(.missingObject, path: path(of: hash), "no object \(hash)\(unreadable)")
    }

    /// Stores a manifest's canonical text and returns the hash that names it.
    public func storeManifest(_ manifest: SnapshotManifest) throws(SnapshotError) -> ObjectHash {
        try put(manifest.serialized())
    }

    /// Stores a manifest's canonical text, keeping the text on the manifest for the next one to splice.
    func storeManifest(keepingText manifest: inout SnapshotManifest) throws(SnapshotError) -> ObjectHash {
        let text = manifest.canonicalText()
        manifest.text = text
        manifest.derivation = nil
        return try put(text.bytes)
    }

    /// Loads and parses a manifest, checking its hash.
    public func loadManifest(_ hash: ObjectHash) throws(SnapshotError) -> SnapshotManifest {
        let bytes = try get(hash)
        do {
            return try SnapshotManifest(parsing: bytes)
        } catch {
            throw SnapshotError(error.code, path: error.path ?? path(of: hash), "manifest \(hash): \(error.message)")
        }
    }

    /// What storing did: the hash, the bytes stored, and whether the object is new.
    struct Inserted {
        var hash: ObjectHash
        var size: UInt64
        var created: Bool
    }

    /// Stores bytes: at once (fsync and rename) without a batch, or staged in the batch to commit later.
    func insert(_ bytes: UnsafeRawBufferPointer, batch: ObjectBatch? = nil) throws(SnapshotError) -> Inserted {
        let hash = ObjectHash.of(bytes)
        if batch?.contains(hash) ?? contains(hash) {
            return Inserted(hash: hash, size: UInt64(bytes.count), created: false)
        }
        if let batch, bytes.count <= ObjectBatch.packableSize {
            try batch.hold(bytes, hash: hash)
        } else {
            try storeLoose(bytes, hash: hash, batch: batch)
        }
        return Inserted(hash: hash, size: UInt64(bytes.count), created: true)
    }

    /// Writes an object as a file of its own: at once, or staged in the batch.
    func storeLoose(_ bytes: UnsafeRawBufferPointer, hash: ObjectHash, batch: ObjectBatch?) throws(SnapshotError) {
        var staged = try StagedObject(store: self)
        try SystemFile.writeAll(staged.descriptor, bytes, displayPath: staged.path)
        try staged.finish(as: hash, batch: batch)
    }

    /// Files up to this size are read whole, hashed, and written only if new; larger ones stream.
    static let wholeReadLimit = 1 << 20

    func insertFile(
        _ descriptor: Int32, sizeHint: UInt64, displayPath: String, batch: ObjectBatch? = nil
    ) throws(SnapshotError) -> Inserted {
        // One byte more than the expected size, so that a file that grew since its stat is noticed.
        let capacity = max(4096, min(Self.wholeReadLimit, Int(clamping: sizeHint) + 1))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var count = try SystemFile.fill(descriptor, buffer, displayPath: displayPath)
        if count < capacity { return try insert(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), batch: batch) }
        var staged = try StagedObject(store: self)
        var hasher = SHA256()
        var total: UInt64 = 0
        while count > 0 {
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bufferPointer: chunk)
            try SystemFile.writeAll(staged.descriptor, chunk, displayPath: staged.path)
            total += UInt64(count)
            count = try SystemFile.fill(descriptor, buffer, displayPath: displayPath)
        }
        let hash = ObjectHash(digest: hasher.finalize())
        if batch?.contains(hash) ?? contains(hash) { return Inserted(hash: hash, size: total, created: false) }
        try staged.finish(as: hash, batch: batch)
        return Inserted(hash: hash, size: total, created: true)
    }

    /// Streams an object's bytes to a descriptor, checking on the way that they hash to its name.
    func copy(_ hash: ObjectHash, to output: Int32, displayPath: String) throws(SnapshotError) {
        let objectPath = path(of: hash)
        guard let file = try openLoose(hash) else {
            // Packed objects are small (``ObjectBatch/packableSize``): read whole, checked, then written.
            let bytes = try packed(hash)
            try SystemFile.withBytes(of: bytes) { (buffer) throws(SnapshotError) in
                try SystemFile.writeAll(output, buffer, displayPath: displayPath)
            }
            return
        }
        let size = try SystemFile.status(of: file.raw, displayPath: objectPath).size
        let capacity = max(4096, min(Self.wholeReadLimit, Int(clamping: size) + 1))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = try SystemFile.fill(file.raw, buffer, displayPath: objectPath)
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(bufferPointer: chunk)
            try SystemFile.writeAll(output, chunk, displayPath: displayPath)
            if count < capacity { break }
        }
        guard ObjectHash(digest: hasher.finalize()) == hash else {
            throw SnapshotError(.corrupt, path: objectPath, "object bytes do not hash to \(hash)")
        }
    }

    /// Hashes a file without storing it, in chunks.
    static func hashFile(_ descriptor: Int32, sizeHint: UInt64, displayPath: String) throws(SnapshotError) -> ObjectHash
    {
        let capacity = max(4096, min(wholeReadLimit, Int(clamping: sizeHint) + 1))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let count = try SystemFile.fill(descriptor, buffer, displayPath: displayPath)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            if count < capacity { return ObjectHash(digest: hasher.finalize()) }
        }
    }
}

/// A temporary file in the store's `tmp/` that becomes an object on `finish`, or is deleted if dropped.
private struct StagedObject: ~Copyable {
    let store: ObjectStore
    let path: String
    private(set) var descriptor: Int32
    private var committed = false

    init(store: ObjectStore) throws(SnapshotError) {
        self.store = store
        // The writer's pid leads the name so that garbage collection can tell a crashed writer's file.
        path = "\(store.temporaryDirectory)/\(SystemFile.uniqueSuffix())"
        // Created read-only (the descriptor still writes): objects are never edited in place, and a first snapshot of
        // 100,000 files saves as many `fchmod` calls.
        var fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        if fd < 0 && errno == ENOENT {
            try SystemFile.makeDirectories(store.temporaryDirectory)
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
        }
        guard fd >= 0 else { throw SystemFile.failure("cannot create temporary object", path: path) }
        descriptor = fd
    }

    /// Renames the file into place after an fsync, or hands it to a batch that will.
    mutating func finish(as hash: ObjectHash, batch: ObjectBatch?) throws(SnapshotError) {
        if let batch {
            try batch.stage(temporary: path, descriptor: descriptor, hash: hash)
            committed = true
            return
        }
        if store.syncsToDisk { try SystemFile.sync(descriptor, displayPath: path) }
        _ = Glibc.close(descriptor)
        descriptor = -1
        let destination = store.path(of: hash)
        if let slash = destination.lastIndex(of: "/") {
            let fanOut = String(destination[..<slash])
            if mkdir(fanOut, 0o755) != 0 && errno != EEXIST {
                throw SystemFile.failure("cannot create directory", path: fanOut)
            }
        }
        CrashPoint.renaming()
        guard rename(path, destination) == 0 else { throw SystemFile.failure("cannot rename into", path: destination) }
        committed = true
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        if !committed { _ = unlink(path) }
    }
}
