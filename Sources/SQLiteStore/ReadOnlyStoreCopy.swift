import Glibc
import StorePort

/// A private copy of a store this process cannot write, made so that it can still be read exactly.
///
/// SQLite reads a WAL database through its `-shm` index, which it must be able to create beside the database: in a
/// read-only folder (an archived engagement, a read-only mount) `mode=ro` fails with "unable to open database file",
/// and `immutable=1` opens it but ignores the WAL, so the newest commits are silently missing. The database and its
/// WAL are copied into a private temporary folder (0700) instead; the copy is opened there, where SQLite can replay
/// the WAL, and removed as soon as the connection has it open.
struct ReadOnlyStoreCopy {
    /// The copied database file.
    let database: String
    private let folder: String

    /// Whether this process can write the store: the database, its folder, and its WAL and index when present.
    static func canWrite(database path: String) -> Bool {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        guard Glibc.access(path, F_OK) == 0 else {
            // Nothing to copy: an open creates the store, which needs the folder to be writable.
            return Glibc.access(folder.isEmpty ? "/" : folder, W_OK) == 0
        }
        for file in [path, path + "-wal", path + "-shm"] where Glibc.access(file, F_OK) == 0 {
            if Glibc.access(file, W_OK) != 0 { return false }
        }
        return Glibc.access(folder.isEmpty ? "/" : folder, W_OK) == 0
    }

    /// Copies `path` and its WAL into a new private folder under the temporary directory.
    init(of path: String) throws(StoreError) {
        guard Glibc.access(path, R_OK) == 0 else {
            throw StoreError(.cannotOpen, path: path, "cannot read the store: \(String(cString: strerror(errno)))")
        }
        let base = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/orchestrator-read-only-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else {
            throw StoreError(
                .cannotOpen, path: path,
                "cannot make a private copy of the read-only store in \(base): \(String(cString: strerror(errno)))")
        }
        folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        database = folder + "/state.db"
        do {
            try Self.copy(path, to: database)
            if Glibc.access(path + "-wal", F_OK) == 0 { try Self.copy(path + "-wal", to: database + "-wal") }
        } catch {
            remove()
            throw error
        }
    }

    /// Removes the copy and its folder (an open connection keeps reading the file it has open).
    func remove() {
        for suffix in ["", "-wal", "-shm", "-journal"] { _ = unlink(database + suffix) }
        _ = rmdir(folder)
    }

    private static func copy(_ source: String, to destination: String) throws(StoreError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("cannot read", source) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw failure("cannot write", destination) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", source) }
            if count == 0 { return }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return 0 }
                    return write(output, base + written, count - written)
                }
                if step < 0 && errno == EINTR { continue }
                guard step > 0 else { throw failure("cannot write", destination) }
                written += step
            }
        }
    }

    private static func failure(_ verb: String, _ path: String) -> StoreError {
        StoreError(.cannotOpen, path: path, "\(verb) for a read-only copy: \(String(cString: strerror(errno)))")
    }
}
