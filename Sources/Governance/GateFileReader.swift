import Config

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads workspace files for gates: never more than the limit plus one byte, never through a final symlink (a
/// snapshot's regular file replaced by a link to `/etc/shadow` is not read), never a FIFO or device.
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
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(
                of: absolute, limit: limit, regularFileOnly: true, followSymlinks: false)
        } catch {
            throw GateEvaluationError("cannot read '\(relative)': \(error.reason)")
        }
        guard bytes.count <= limit else { return .tooLarge(size: fileSize(absolute) ?? bytes.count) }
        return .bytes(bytes)
    }

    /// The size on disk, for the message about a file too large to read.
    private static func fileSize(_ path: String) -> Int? {
        var status = stat()
        return lstat(path, &status) == 0 ? Int(status.st_size) : nil
    }
}
