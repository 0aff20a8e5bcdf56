import CrashPoints

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The POSIX reads and writes behind `SummaryCache`; failures come back as nil or false, never as a crash.
enum CacheFile {
    /// Entries are small; anything larger is not one of ours and is treated as corrupt.
    static let maximumBytes = 4 << 20

    /// The bytes of the regular file at `path`, or nil if it is missing, unreadable, not a file or too large.
    static func contents(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            Int(status.st_size) <= maximumBytes
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }

    /// Writes `bytes` to a temporary file in `directory` (created if missing) and renames it to `path`.
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String) -> Bool {
        guard createDirectories(directory) else { return false }
        let temporary = "\(directory)/.entry.tmp-\(UInt64.random(in: 0...UInt64.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var rest = bytes[...]
        var written = true
        while !rest.isEmpty {
            let count = rest.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base, buffer.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                written = false
                break
            }
            rest = rest.dropFirst(count)
        }
        close(descriptor)
        if written { CrashPoint.renaming() }
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Makes `directory` and its missing parents; true when it is a directory afterwards.
    private static func createDirectories(_ directory: String) -> Bool {
        var current = directory.hasPrefix("/") ? "" : "."
        for part in directory.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST { return false }
        }
        var status = stat()
        return stat(directory, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
