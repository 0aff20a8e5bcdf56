#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Identity, size and modification time of the state store's database and its write-ahead log.
///
/// Every commit of a run appends to the log (or, after a checkpoint, rewrites it), so a different stamp is the
/// cheap sign that the store may hold new gate results; an equal stamp means nothing needs to be read.
struct StateFileStamp: Sendable, Equatable {
    /// What `stat` says of one file.
    struct File: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    /// The database file; nil when it does not exist (or cannot be looked at).
    var database: File?
    /// The `-wal` file beside it.
    var log: File?

    /// The stamp of the store at `databasePath`, taken now.
    init(databasePath: String) {
        self.database = Self.file(at: databasePath)
        self.log = Self.file(at: databasePath + "-wal")
    }

    private static func file(at path: String) -> File? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let modified = status.st_mtimespec
        #else
        let modified = status.st_mtim
        #endif
        return File(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
            modifiedNanoseconds: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec))
    }
}
