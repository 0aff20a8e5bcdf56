import Glibc
import Testing

@testable import Snapshots

/// A real directory under /tmp for one test, removed when the test ends.
final class TemporaryWorkspace {
    let root: String

    init() throws {
        var template = Array("/tmp/snapshots-test-XXXXXX".utf8CString)
        guard
            let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } })
        else {
            throw TestFailure("mkdtemp failed")
        }
        root = String(cString: made)
    }

    deinit {
        Self.removeTree(root)
    }

    func path(_ relative: String) -> String { "\(root)/\(relative)" }

    /// Writes a file (creating its directories) and, unless told otherwise, dates it an hour back so
    /// that it is outside the racy window of any snapshot taken afterwards.
    func write(_ relative: String, _ text: String, mode: mode_t = 0o644, aged: Bool = true) throws {
        try writeBytes(relative, Array(text.utf8), mode: mode, aged: aged)
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8], mode: mode_t = 0o644, aged: Bool = true) throws {
        try makeDirectory(ManifestPath.ancestors(of: relative).first ?? "")
        let fd = open(path(relative), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw TestFailure("cannot write \(relative)") }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        chmod(path(relative), mode)
        if aged { try setModificationTime(relative, SystemFile.now() - 3_600_000_000_000) }
    }

    func makeDirectory(_ relative: String) throws {
        guard !relative.isEmpty else { return }
        do {
            try SystemFile.makeDirectories(path(relative))
        } catch {
            throw TestFailure("cannot create \(relative): \(error)")
        }
    }

    func symlink(_ relative: String, to target: String) throws {
        try makeDirectory(ManifestPath.ancestors(of: relative).first ?? "")
        guard Glibc.symlink(target, path(relative)) == 0 else { throw TestFailure("cannot symlink \(relative)") }
    }

    func setModificationTime(_ relative: String, _ nanoseconds: Int64) throws {
        let time = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        let times = [time, time]
        guard utimensat(AT_FDCWD, path(relative), times, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw TestFailure("cannot set mtime of \(relative)")
        }
    }

    func read(_ relative: String) -> String? {
        guard let file = fopen(path(relative), "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool {
        var status = stat()
        return lstat(path(relative), &status) == 0
    }

    /// Every file, symlink and directory under the root (except `.orchestrator`), with kind, mode and content.
    func describe() -> [String: String] {
        var result: [String: String] = [:]
        Self.describe(root, prefix: "", into: &result)
        return result
    }

    private static func describe(_ directory: String, prefix: String, into result: inout [String: String]) {
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || (prefix.isEmpty && name == ".orchestrator") { continue }
            let full = "\(directory)/\(name)"
            let relative = prefix.isEmpty ? name : "\(prefix)/\(name)"
            var status = stat()
            lstat(full, &status)
            let mode = String(status.st_mode & 0o7777, radix: 8)
            switch status.st_mode & 0o170_000 {
            case 0o040_000:
                result[relative] = "dir"
                describe(full, prefix: relative, into: &result)
            case 0o120_000:
                var buffer = [CChar](repeating: 0, count: 4096)
                let count = readlink(full, &buffer, buffer.count)
                result[relative] =
                    "link " + String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            default:
                var bytes: [UInt8] = []
                if let file = fopen(full, "r") {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while case let count = fread(&buffer, 1, buffer.count, file), count > 0 {
                        bytes += buffer[0..<count]
                    }
                    fclose(file)
                }
                result[relative] = "file \(mode) " + String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    static func removeTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if status.st_mode & 0o170_000 == 0o040_000 {
            chmod(path, 0o755)
            if let stream = opendir(path) {
                var names: [String] = []
                while let entry = readdir(stream) {
                    let name = withUnsafePointer(to: &entry.pointee.d_name) {
                        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(stream)
                for name in names {
                    removeTree("\(path)/\(name)")
                }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}

/// A failure in test set-up, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` and returns the typed error it threw, recording an issue if it did not throw.
func thrownError(
    _ body: () throws(SnapshotError) -> Void, sourceLocation: SourceLocation = #_sourceLocation
)
    -> SnapshotError?
{
    do {
        try body()
        Issue.record("expected a SnapshotError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
