#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file's bytes, never more than a limit plus one byte.
///
/// The one extra byte lets the YAML parser report "file too large" with the real limit, while a
/// huge file (or `/dev/zero`) costs no more memory than the limit.
public enum BoundedFileReader {
    /// Why a file could not be read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path as given.
        public var path: String
        /// The system's reason (`strerror`), or what the path is instead of a file.
        public var reason: String

        /// `cannot read 'PATH': REASON`.
        public var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// The bytes of the file at `path`, at most `limit + 1` of them.
    ///
    /// With `regularFileOnly`, a FIFO, device or socket is refused instead of read: a server must
    /// not let one request wait forever on a pipe nobody writes to. With `followSymlinks: false` a
    /// final symlink is refused (a workspace file swapped for a link to `/etc/shadow` is not read).
    public static func contents(
        of path: String, limit: Int, regularFileOnly: Bool = false, followSymlinks: Bool = true
    ) throws(Failure) -> [UInt8] {
        // O_NONBLOCK so that opening a FIFO does not wait for a writer before we can look at it.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (followSymlinks ? 0 : O_NOFOLLOW))
        guard descriptor >= 0 else {
            let reason = errno == ELOOP && !followSymlinks ? "it is a symbolic link" : String(cString: strerror(errno))
            throw Failure(path: path, reason: reason)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
        let type = status.st_mode & S_IFMT
        if type == S_IFDIR {
            throw Failure(path: path, reason: "it is a directory")
        }
        if type != S_IFREG {
            if regularFileOnly { throw Failure(path: path, reason: "not a regular file") }
            // A pipe given on the command line (`validate /dev/stdin`) is read as it comes.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        }
        let capacity = max(0, limit) + 1
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < capacity {
            let wanted = min(chunk.count, capacity - bytes.count)
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if got == 0 { break }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, reason: String(cString: strerror(errno)))
            }
            bytes.append(contentsOf: chunk[..<got])
        }
        return bytes
    }
}
