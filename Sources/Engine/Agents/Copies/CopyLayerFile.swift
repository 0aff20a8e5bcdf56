import Glibc
import Snapshots

/// The POSIX calls that read an overlay's layers: never following a symlink, with errors that name the path.
enum CopyLayerFile {
    /// What is at a path, without following a final symlink.
    enum Kind: Sendable, Equatable {
        case file, directory, symlink
        /// An overlay whiteout: a character device 0/0 that says "deleted".
        case whiteout
        /// A socket, fifo or device: never recorded in a snapshot, so never merged.
        case other
    }

    struct Status: Sendable {
        let kind: Kind
        /// Permission bits.
        let mode: UInt32
    }

    /// The status at `path`, nil when nothing is there.
    static func status(_ path: String) -> Status? {
        var raw = stat()
        guard lstat(path, &raw) == 0 else { return nil }
        let kind: Kind
        switch raw.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        case S_IFCHR where raw.st_rdev == 0: kind = .whiteout
        default: kind = .other
        }
        return Status(kind: kind, mode: UInt32(raw.st_mode & 0o7777))
    }

    /// The names in a folder, without `.` and `..`, sorted.
    static func names(in path: String) throws(SnapshotError) -> [String] {
        guard let folder = opendir(path) else { throw failure("cannot list", path) }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// A whole file's bytes (not following a final symlink).
    static func read(_ path: String) throws(SnapshotError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot read", path) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw failure("cannot read", path) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// Where a symlink points, as written.
    static func linkTarget(_ path: String) throws(SnapshotError) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw failure("cannot read the link", path) }
        return buffer[..<count].map { UInt8(bitPattern: $0) }
    }

    /// Whether an upper folder hides its lower namesake whole: fuse-overlayfs marks such a folder with an empty
    /// `.wh..wh..opq` file (besides the kernel's `trusted.overlay.opaque` attribute, which it sets as root only).
    static func isOpaque(_ path: String) -> Bool {
        status(path + "/" + opaqueMarker)?.kind == .file
    }

    /// The name of fuse-overlayfs's opaque-folder marker.
    static let opaqueMarker = whiteoutPrefix + whiteoutPrefix + ".opq"

    /// Whether a name in an upper folder is the overlay's bookkeeping (the opaque markers), never a change.
    static func isMarker(_ name: String) -> Bool {
        name == opaqueMarker || name == whiteoutPrefix + ".opq"
    }

    /// fuse-overlayfs's whiteout where it may not make a 0/0 device: an empty file `.wh.<name>`.
    static let whiteoutPrefix = ".wh."

    /// Every file and symlink at or under `path`, as paths relative to `root` (the tree a whiteout hides).
    static func leaves(under relative: String, root: String) throws(SnapshotError) -> [String] {
        guard let status = status(root + "/" + relative) else { return [] }
        switch status.kind {
        case .file, .symlink: return [relative]
        case .directory:
            var found: [String] = []
            for name in try names(in: root + "/" + relative) {
                found += try leaves(under: relative + "/" + name, root: root)
            }
            return found
        case .whiteout, .other: return []
        }
    }

    static func failure(_ operation: String, _ path: String, _ code: Int32 = errno) -> SnapshotError {
        SnapshotError(.io, path: path, "\(operation): \(String(cString: strerror(code)))")
    }
}
