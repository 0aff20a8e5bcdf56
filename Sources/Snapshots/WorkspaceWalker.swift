import Glibc

/// A regular file or symlink found by the walk, with the open directory that holds it.
struct WalkedItem {
    var path: String
    var name: String
    var directory: Int32
    var status: FileStatus
}

/// Walks a workspace with `openat`/`readdir`/`fstatat`, never following symlinks, in path byte order.
///
/// Sockets, FIFOs and devices are skipped; empty directories produce nothing (like git). Entries that
/// vanish between `readdir` and `stat` are skipped, since the tree may change while we walk it.
struct WorkspaceWalker {
    let root: String
    let ignore: IgnoreRules
    /// Where the stamp of each directory walked is recorded, taken before its names are read; nil records none.
    var stamps: DirectoryStampRecorder?

    init(root: String, ignore: IgnoreRules, stamps: DirectoryStampRecorder? = nil) {
        self.root = root
        self.ignore = ignore
        self.stamps = stamps
    }

    func walk(_ visit: (WalkedItem) throws(SnapshotError) -> Void) throws(SnapshotError) {
        guard let stream = try DirectoryStream(at: AT_FDCWD, root, followSymlink: true, displayPath: root) else {
            throw SnapshotError(.io, path: root, "workspace does not exist")
        }
        try walkDirectory(stream, prefix: "", descend: { _ in true }, visit)
    }

    /// Walks the subtree at a workspace-relative directory, as the whole walk would; nothing when it is gone or
    /// is not a directory any more.
    /// Walks the subtree at a workspace-relative directory ("" for the root) as the whole walk would, entering only
    /// the subdirectories `descend` accepts; false when the directory is gone or is not a directory any more.
    func walk(
        under prefix: String, descendingInto descend: (String) -> Bool = { _ in true },
        _ visit: (WalkedItem) throws(SnapshotError) -> Void
    ) throws(SnapshotError) -> Bool {
        let path = prefix.isEmpty ? root : root + "/" + prefix
        guard
            let stream = try DirectoryStream(
                at: AT_FDCWD, path, followSymlink: prefix.isEmpty, displayPath: path)
        else { return false }
        try walkDirectory(stream, prefix: prefix, descend: descend, visit)
        return true
    }

    /// One directory entry, before it is statted.
    private struct Child {
        var name: String
        var isDirectory: Bool
        var status: FileStatus?
        /// The name with a trailing '/' for a directory: sorting siblings by it makes the depth-first walk
        /// visit paths in byte order ("a-b" before "a/x"), so the scan can merge with a manifest as it goes.
        var sortKey: [UInt8]
    }

    private func walkDirectory(
        _ stream: borrowing DirectoryStream, prefix: String, descend: (String) -> Bool,
        _ visit: (WalkedItem) throws(SnapshotError) -> Void
    ) throws(SnapshotError) {
        let directory = stream.descriptor
        if let stamps, let stamp = SystemFile.directoryStamp(of: directory) { stamps.record(prefix, stamp) }
        var children: [Child] = []
        while true {
            errno = 0
            guard let entry = readdir(stream.handle) else {
                if errno != 0 { throw SystemFile.failure("cannot read directory", path: displayPath(prefix)) }
                break
            }
            let rawName = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { (String(validatingCString: $0), $0) }
            }
            guard let name = rawName.0 else {
                let lossy = String(cString: rawName.1)
                throw SnapshotError(.unsupportedName, path: join(prefix, lossy), "file name is not valid UTF-8")
            }
            if name == "." || name == ".." { continue }
            var child = Child(name: name, isDirectory: false, status: nil, sortKey: Array(name.utf8))
            switch entry.pointee.d_type {
            case 4: child.isDirectory = true
            case 8, 10: break
            case 0:
                // The filesystem did not say what it is: stat now, since the sort order depends on it.
                let (found, code) = SystemFile.status(at: directory, name)
                guard let found else {
                    if code == ENOENT { continue }
                    throw SystemFile.failure("cannot stat", path: displayPath(join(prefix, name)), code: code)
                }
                child.isDirectory = found.type == .directory
                child.status = found
            default: continue  // Sockets, FIFOs and devices.
            }
            if child.isDirectory { child.sortKey.append(UInt8(ascii: "/")) }
            children.append(child)
        }
        children.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        for child in children {
            let path = join(prefix, child.name)
            if ignore.matches(path) { continue }
            if child.isDirectory {
                guard descend(path) else { continue }
                let displayed = displayPath(path)
                guard
                    let stream = try DirectoryStream(
                        at: directory, child.name, followSymlink: false, displayPath: displayed)
                else { continue }
                try walkDirectory(stream, prefix: path, descend: descend, visit)
                continue
            }
            var status = child.status
            if status == nil {
                let (found, code) = SystemFile.status(at: directory, child.name)
                guard let found else {
                    if code == ENOENT { continue }
                    throw SystemFile.failure("cannot stat", path: displayPath(path), code: code)
                }
                status = found
            }
            // A file that became a directory since readdir is skipped: this walk already placed it in order.
            guard let status, status.type == .regular || status.type == .symlink else { continue }
            try visit(WalkedItem(path: path, name: child.name, directory: directory, status: status))
        }
    }

    private func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix + "/" + name
    }

    private func displayPath(_ path: String) -> String {
        path.isEmpty ? root : root + "/" + path
    }
}

/// Collects the directory stamps of one snapshot's walks (a class: the walker hands it down its recursion).
final class DirectoryStampRecorder {
    private(set) var stamps: [String: DirectoryStamp] = [:]

    init(_ stamps: [String: DirectoryStamp] = [:]) {
        self.stamps = stamps
    }

    func record(_ path: String, _ stamp: DirectoryStamp) {
        stamps[path] = stamp
    }

    func forget(_ path: String) {
        stamps[path] = nil
    }
}

/// An open `DIR*` that closes itself.
struct DirectoryStream: ~Copyable {
    let handle: OpaquePointer

    /// Opens a directory; nil when it vanished or turned into a symlink or file since it was listed.
    init?(at parent: Int32, _ name: String, followSymlink: Bool, displayPath: String) throws(SnapshotError) {
        let flags = O_RDONLY | O_DIRECTORY | (followSymlink ? 0 : O_NOFOLLOW)
        let descriptor = SystemFile.tryOpen(at: parent, name, flags: flags)
        guard descriptor >= 0 else {
            if descriptor == -ENOENT || descriptor == -ELOOP || descriptor == -ENOTDIR { return nil }
            throw SystemFile.failure("cannot read directory", path: displayPath, code: -descriptor)
        }
        guard let handle = fdopendir(descriptor) else {
            _ = close(descriptor)
            throw SystemFile.failure("cannot read directory", path: displayPath)
        }
        self.handle = handle
    }

    var descriptor: Int32 { dirfd(handle) }

    deinit {
        closedir(handle)
    }
}
