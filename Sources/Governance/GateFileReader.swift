#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads workspace files for gates with a size limit checked before any byte is read.
///
/// POSIX rather than Foundation so a huge file is never loaded to find out it is too large, and a final
/// symlink is not followed: a snapshot's regular file replaced by a link to `/etc/shadow` is not read.
enum GateFileReader {
    /// A file's bytes, or the fact that it is larger than the caller's limit.
    enum Contents: Sendable, Hashable {
        case bytes([UInt8])
        case tooLarge(size: Int)
    }

    /// The file at `relative` under `workspace`, or `.tooLarge` when it holds more than `limit` bytes.
    static func contents(
        of relative: String, in workspace: String, limit: Int
    ) throws(GateEvaluationError) -> Contents {
        let absolute = workspace.hasSuffix("/") ? workspace + relative : workspace + "/" + relative
        let descriptor = open(absolute, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw failure(relative, errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(relative, errno) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw GateEvaluationError("cannot read '\(relative)': it is not a regular file")
        }
        let size = Int(status.st_size)
        guard size <= limit else { return .tooLarge(size: size) }
        // One byte past the limit tells a file that grew since `fstat` from one that is exactly at the limit.
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure(relative, errno) }
            if count == 0 { break }
            filled += count
            if filled == bytes.count && filled <= limit {
                bytes.append(contentsOf: [UInt8](repeating: 0, count: min(limit + 1 - filled, 64 * 1024)))
            }
        }
        guard filled <= limit else { return .tooLarge(size: max(size, filled)) }
        bytes.removeSubrange(filled...)
        return .bytes(bytes)
    }

    private static func failure(_ relative: String, _ code: Int32) -> GateEvaluationError {
        let reason = code == ELOOP ? "it is a symbolic link" : String(cString: strerror(code))
        return GateEvaluationError("cannot read '\(relative)': \(reason)")
    }
}
