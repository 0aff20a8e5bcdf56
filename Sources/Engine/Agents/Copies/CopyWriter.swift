import CrashPoints
import Glibc
import Snapshots

/// Writes merged changes into a folder: each file to a temporary name beside it and renamed over the old one,
/// folders opened one component at a time without following symlinks, so nothing lands outside the folder even
/// when a path's folder is a symlink there.
struct CopyWriter {
    let root: String

    /// Removes the files and symlinks at `paths` (missing ones are fine), then the folders that emptied.
    func remove(_ paths: [String]) throws(SnapshotError) {
        for path in paths {
            let (folders, name) = Self.split(path)
            guard let parent = try open(folders, create: false) else { continue }
            defer { close(parent) }
            if unlinkat(parent, name, 0) != 0 && errno != ENOENT && errno != EISDIR {
                throw CopyLayerFile.failure("cannot remove", root + "/" + path)
            }
        }
        let emptied = Set(paths.flatMap { ManifestPath.ancestors(of: $0) }).sorted { $0.count > $1.count }
        for folder in emptied {
            let (folders, name) = Self.split(folder)
            guard let parent = try open(folders, create: false) else { continue }
            // Not empty (an ignored file, or a file another agent wrote): it stays.
            _ = unlinkat(parent, name, AT_REMOVEDIR)
            close(parent)
        }
    }

    /// Writes the file or symlink at `path` from the same path under `source`.
    func write(_ path: String, as change: CopyChange, from source: String) throws(SnapshotError) {
        let (folders, name) = Self.split(path)
        guard let parent = try open(folders, create: true) else {
            throw SnapshotError(.io, path: root + "/" + path, "cannot create its folder")
        }
        defer { close(parent) }
        let temporary = EngineTemporaryFiles.prefixes[0] + "merge-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let display = root + "/" + path
        switch change {
        case .file(_, let mode):
            let bytes = try CopyLayerFile.read(source + "/" + path)
            let file = openat(parent, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard file >= 0 else { throw CopyLayerFile.failure("cannot write", display) }
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                written += count
            }
            let failed = written < bytes.count || fchmod(file, mode_t(mode)) != 0 ? errno : 0
            close(file)
            if failed != 0 {
                unlinkat(parent, temporary, 0)
                throw CopyLayerFile.failure("cannot write", display, failed)
            }
        case .symlink:
            let target = try CopyLayerFile.linkTarget(source + "/" + path)
            let made = symlinkat(String(decoding: target, as: UTF8.self), parent, temporary)
            guard made == 0 else { throw CopyLayerFile.failure("cannot make the symlink", display) }
        case .removed:
            return
        }
        CrashPoint.renaming()
        guard renameat(parent, temporary, parent, name) == 0 else {
            let code = errno
            unlinkat(parent, temporary, 0)
            throw CopyLayerFile.failure("cannot write", display, code)
        }
    }

    /// The folder `folders` under the root, opened without following symlinks (made when `create`); nil when a
    /// folder is missing and `create` is false.
    private func open(_ folders: [Substring], create: Bool) throws(SnapshotError) -> Int32? {
        var current = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw CopyLayerFile.failure("cannot open", root) }
        var walked = root
        for folder in folders {
            walked += "/" + folder
            var next = openat(current, String(folder), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(current, String(folder), 0o755) != 0 && errno != EEXIST {
                    close(current)
                    throw CopyLayerFile.failure("cannot create the folder", walked)
                }
                next = openat(current, String(folder), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            let code = errno
            close(current)
            if next < 0 && code == ENOENT && !create { return nil }
            guard next >= 0 else {
                if code == ELOOP || code == ENOTDIR {
                    throw SnapshotError(
                        .unsafePath, path: walked, "is not a folder (a symlink or a file): not written through")
                }
                throw CopyLayerFile.failure("cannot open", walked, code)
            }
            current = next
        }
        return current
    }

    static func split(_ path: String) -> (folders: [Substring], name: String) {
        let parts = path.split(separator: "/")
        return (Array(parts.dropLast()), String(parts.last ?? ""))
    }
}
