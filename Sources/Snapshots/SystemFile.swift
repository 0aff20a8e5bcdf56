import Glibc

/// An open file descriptor that closes itself, so that no early exit or thrown error leaks one.
struct OwnedDescriptor: ~Copyable {
    let raw: Int32

    init(_ raw: Int32) {
        self.raw = raw
    }

    deinit {
        _ = Glibc.close(raw)
    }
}

/// The stat fields a manifest entry needs, taken from one `stat` call.
struct FileStatus: Sendable, Hashable {
    var type: FileType
    var permissions: UInt32
    var size: UInt64
    var modificationTime: Int64

    /// What kind of directory entry a path is; sockets, FIFOs and devices are `other`.
    enum FileType: Sendable, Hashable {
        case regular
        case symlink
        case directory
        case other
    }

    init(_ raw: stat) {
        switch raw.st_mode & 0o170_000 {
        case 0o100_000: type = .regular
        case 0o120_000: type = .symlink
        case 0o040_000: type = .directory
        default: type = .other
        }
        permissions = raw.st_mode & 0o7777
        size = UInt64(max(0, raw.st_size))
        modificationTime = Int64(raw.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(raw.st_mtim.tv_nsec)
    }
}

extension DirectoryStamp {
    init(_ raw: stat) {
        self.init(
            inode: UInt64(raw.st_ino),
            modificationTime: Int64(raw.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(raw.st_mtim.tv_nsec))
    }
}

/// Thin, typed-error wrappers around the Glibc calls of the hot paths (FileManager is slow on Linux).
enum SystemFile {
    static func message(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    static func failure(_ operation: String, path: String, code: Int32 = errno) -> SnapshotError {
        SnapshotError(.io, path: path, "\(operation): \(message(code))")
    }

    /// Opens a path relative to a directory descriptor (or `AT_FDCWD`), retrying interrupted calls.
    static func open(
        at directory: Int32, _ name: String, flags: Int32, mode: mode_t = 0, displayPath: String
    ) throws(SnapshotError) -> OwnedDescriptor {
        while true {
            let fd = openat(directory, name, flags | O_CLOEXEC, mode)
            if fd >= 0 { return OwnedDescriptor(fd) }
            if errno != EINTR { throw failure("cannot open", path: displayPath) }
        }
    }

    /// Like `open(at:…)` but returns the descriptor, or minus the errno, for callers that branch on it.
    static func tryOpen(at directory: Int32, _ name: String, flags: Int32, mode: mode_t = 0) -> Int32 {
        while true {
            let fd = openat(directory, name, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { return -errno }
        }
    }

    /// `Array.withUnsafeBytes` with a typed error (the standard library's version rethrows `any Error`).
    static func withBytes<Value>(
        of array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SnapshotError) -> Value
    ) throws(SnapshotError) -> Value {
        let outcome: Result<Value, SnapshotError> = array.withUnsafeBytes { buffer in
            Result { () throws(SnapshotError) in try body(buffer) }
        }
        return try outcome.get()
    }

    static func status(at directory: Int32, _ name: String) -> (FileStatus?, Int32) {
        var raw = stat()
        if fstatat(directory, name, &raw, AT_SYMLINK_NOFOLLOW) == 0 { return (FileStatus(raw), 0) }
        return (nil, errno)
    }

    /// A directory's stamp from `lstat`: nil when the path is missing or is not a directory (a symlink included).
    static func directoryStamp(at directory: Int32, _ name: String) -> DirectoryStamp? {
        var raw = stat()
        guard fstatat(directory, name, &raw, AT_SYMLINK_NOFOLLOW) == 0, raw.st_mode & 0o170_000 == 0o040_000 else {
            return nil
        }
        return DirectoryStamp(raw)
    }

    /// An open directory's stamp.
    static func directoryStamp(of descriptor: Int32) -> DirectoryStamp? {
        var raw = stat()
        guard fstat(descriptor, &raw) == 0 else { return nil }
        return DirectoryStamp(raw)
    }

    static func status(of descriptor: Int32, displayPath: String) throws(SnapshotError) -> FileStatus {
        var raw = stat()
        guard fstat(descriptor, &raw) == 0 else { throw failure("cannot stat", path: displayPath) }
        return FileStatus(raw)
    }

    /// Fills `buffer` from the descriptor until it is full or the file ends; returns the bytes read.
    static func fill(
        _ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer, displayPath: String
    ) throws(SnapshotError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let count = Glibc.read(descriptor, base + filled, buffer.count - filled)
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw failure("cannot read", path: displayPath)
            }
        }
        return filled
    }

    /// Fills `buffer` from `offset` (pread: the descriptor's position is not used) until it is full or the file ends;
    /// returns the bytes read.
    static func fill(
        _ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: UInt64, displayPath: String
    ) throws(SnapshotError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let count = pread(descriptor, base + filled, buffer.count - filled, off_t(offset) + off_t(filled))
            if count > 0 {
                filled += count
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw failure("cannot read", path: displayPath)
            }
        }
        return filled
    }

    /// Up to `capacity` bytes read straight into a new array (a manifest is a megabyte: no copy), from the
    /// descriptor's position, or from `offset` when given.
    static func readBytes(
        _ descriptor: Int32, capacity: Int, at offset: UInt64? = nil, displayPath: String
    ) throws(SnapshotError) -> [UInt8] {
        var failure: SnapshotError?
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            do throws(SnapshotError) {
                let target = UnsafeMutableRawBufferPointer(buffer)
                if let offset {
                    count = try fill(descriptor, target, at: offset, displayPath: displayPath)
                } else {
                    count = try fill(descriptor, target, displayPath: displayPath)
                }
            } catch {
                failure = error
                count = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    static func writeAll(
        _ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, displayPath: String
    ) throws(SnapshotError) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(descriptor, base + written, bytes.count - written)
            if count >= 0 {
                written += count
            } else if errno != EINTR {
                throw failure("cannot write", path: displayPath)
            }
        }
    }

    static func sync(_ descriptor: Int32, displayPath: String) throws(SnapshotError) {
        while fsync(descriptor) != 0 {
            if errno != EINTR { throw failure("cannot fsync", path: displayPath) }
        }
    }

    /// The target of a symlink, as raw bytes: a target need not be UTF-8.
    static func linkTarget(at directory: Int32, _ name: String, displayPath: String) throws(SnapshotError) -> [UInt8] {
        var capacity = 256
        while true {
            let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            let count = buffer.baseAddress.map { readlinkat(directory, name, $0, capacity) } ?? -1
            if count < 0 { throw failure("cannot read symlink", path: displayPath) }
            if count < capacity { return buffer[0..<count].map { UInt8(bitPattern: $0) } }
            capacity *= 4
            if capacity > 1 << 20 { throw SnapshotError(.io, path: displayPath, "symlink target too long") }
        }
    }

    /// `mkdir -p`: creates the directory and any missing parents.
    static func makeDirectories(_ path: String) throws(SnapshotError) {
        var raw = stat()
        if stat(path, &raw) == 0 {
            if FileStatus(raw).type == .directory { return }
            throw SnapshotError(.io, path: path, "exists and is not a directory")
        }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw failure("cannot create directory", path: path) }
    }

    /// Wall-clock time in nanoseconds since the epoch, comparable with file modification times.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    /// A random name component for temporary files: unique across processes without shared state.
    static func uniqueSuffix() -> String {
        let value = UInt64.random(in: 0...UInt64.max)
        return "\(getpid())-\(String(value, radix: 16))"
    }
}
