import CrashPoints

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations the tools need, with errors turned into `ToolError`s that name the path.
///
/// POSIX rather than `FileManager` because the tools must control symlink handling exactly
/// (`lstat`, `O_NOFOLLOW`, `rename` over a link), which `FileManager` leaves implicit.
enum FileIO {
    enum Kind: String, Sendable {
        case file, directory, symlink, other
    }

    struct Info: Sendable {
        let kind: Kind
        let size: Int
        let mode: mode_t
        /// Hard links to the file (names of it anywhere on its file system).
        let links: Int
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// What is at `path` without following a final symlink; nil when nothing is there.
    static func info(_ path: String) -> Info? {
        var raw = stat()
        guard lstat(path, &raw) == 0 else { return nil }
        let kind: Kind
        switch raw.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        return Info(kind: kind, size: Int(raw.st_size), mode: raw.st_mode & 0o7777, links: Int(raw.st_nlink))
    }

    /// Refuses a file with more than one name: a hard link looks like any file inside the working copy while
    /// its other name may be outside it, and nothing in a link tells where the other names are.
    static func refuseHardLinks(_ links: Int, _ path: WorkingCopyPath) throws(ToolError) {
        guard links > 1 else { return }
        throw .notAllowed(
            "'\(path.display)' has \(links) hard links: one of them may be outside the working copy, so tools do not "
                + "read files with more than one link (copy the file to read it)")
    }

    /// Up to `limit` bytes of a regular file (following an already-checked symlink), and the file's size;
    /// a file with more than one hard link is refused.
    static func readPrefix(_ path: WorkingCopyPath, limit: Int) throws(ToolError) -> (bytes: [UInt8], size: Int) {
        let descriptor = open(path.absolute, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read", path, errno) }
        defer { close(descriptor) }
        var raw = stat()
        guard fstat(descriptor, &raw) == 0 else { throw failure("cannot read", path, errno) }
        guard raw.st_mode & S_IFMT == S_IFREG else {
            throw .failed(
                "'\(path.display)' is \(raw.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file")")
        }
        // Checked on the open descriptor, so a link made after the path check is caught too.
        try refuseHardLinks(Int(raw.st_nlink), path)
        let size = Int(raw.st_size)
        var bytes = [UInt8](repeating: 0, count: min(size, limit))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", path, errno) }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return (bytes, size)
    }

    /// The prefix of the temporary files `writeAtomically` leaves if killed before its rename: a name the
    /// snapshotter never records and the next writer of the workspace removes (Snapshots' `EngineTemporaryFiles`
    /// knows it too).
    static let temporaryPrefix = ".orchestrator-write-"

    /// Replaces the file's content in one step: a temporary file beside it, then `rename`, so a reader never
    /// sees half a file and a symlink at the target is replaced rather than written through.
    static func writeAtomically(_ bytes: [UInt8], to path: WorkingCopyPath) throws(ToolError) {
        let existing = info(path.absolute)
        if existing?.kind == .directory { throw .failed("'\(path.display)' is a directory") }
        let mode = existing.map { $0.kind == .file ? $0.mode : 0o644 } ?? 0o644
        let slash = path.absolute.lastIndex(of: "/") ?? path.absolute.startIndex
        let directory = String(path.absolute[..<slash])
        let temporary =
            "\(directory)/\(temporaryPrefix)\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot write", path, errno) }
        var failed = writeAll(descriptor, bytes[...])
        close(descriptor)
        if failed == nil {
            CrashPoint.renaming()
            if rename(temporary, path.absolute) != 0 { failed = errno }
        }
        if let failed {
            unlink(temporary)
            throw failure("cannot write", path, failed)
        }
    }

    /// Writes every byte (retrying short writes); the errno on failure.
    static func writeAll(_ descriptor: Int32, _ bytes: ArraySlice<UInt8>) -> Int32? {
        var rest = bytes
        while !rest.isEmpty {
            let count = rest.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base, buffer.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return errno }
            rest = rest.dropFirst(count)
        }
        return nil
    }

    /// Creates the missing directories leading to `path` (its parent chain), each a real directory.
    static func createParents(of path: WorkingCopyPath) throws(ToolError) {
        var current = path.root
        for part in path.components.dropLast() {
            current += "/" + part
            if mkdir(current, 0o755) == 0 { continue }
            let code = errno
            guard code == EEXIST, info(current)?.kind == .directory else {
                throw .failed(
                    "cannot create the directory '\(current.dropFirst(path.root.count + 1))': \(errorText(code))")
            }
        }
    }

    /// Names in a directory (without `.` and `..`), unsorted.
    static func entries(_ path: String) throws(ToolError) -> [String] {
        guard let directory = opendir(path) else { throw .failed("cannot list '\(path)': \(errorText(errno))") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes a file, a symlink (not its target) or, when `recursive`, a directory tree; returns what went.
    static func remove(_ path: WorkingCopyPath, recursive: Bool) throws(ToolError) -> [String] {
        guard let found = info(path.absolute) else { throw .failed("'\(path.display)' does not exist") }
        guard found.kind == .directory else {
            guard unlink(path.absolute) == 0 else { throw failure("cannot delete", path, errno) }
            return [path.relative]
        }
        guard recursive else {
            throw .failed("'\(path.display)' is a directory; pass recursive: true to delete it and its contents")
        }
        var removed: [String] = []
        for name in try entries(path.absolute).sorted() {
            removed += try remove(path.appending(name), recursive: true)
        }
        guard rmdir(path.absolute) == 0 else { throw failure("cannot delete", path, errno) }
        return removed + [path.relative]
    }

    private static func failure(_ verb: String, _ path: WorkingCopyPath, _ code: Int32) -> ToolError {
        .failed("\(verb) '\(path.display)': \(errorText(code))")
    }
}

extension FileIO {
    /// Whether the path, following symlinks, is a directory.
    static func isDirectory(following path: String) -> Bool {
        var raw = stat()
        return stat(path, &raw) == 0 && raw.st_mode & S_IFMT == S_IFDIR
    }
}
