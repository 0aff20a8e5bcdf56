#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders a program outside the system folders needs to run: the installation it belongs to.
///
/// A pyenv shim (`~/.pyenv/shims/python3`) runs pyenv, which runs a Python under `~/.pyenv/versions`; a
/// virtual environment's `bin/python` is a symlink to its base interpreter and reads `pyvenv.cfg` and
/// `lib/` beside its `bin/`. So for the program and each symlink hop, the installation is the folder above
/// its `bin`, `sbin`, `shims` or `libexec`, else its own folder. A root that would expose too much — `/`,
/// the user's home, or a folder holding the working copy — is narrowed to the program's own folder.
enum InstallationRoots {
    static let binaryFolders: Set<String> = ["bin", "sbin", "shims", "libexec"]

    /// The read-only folders to bind for `executable` (an absolute path), none of them system folders.
    static func roots(of executable: String, excluding workingCopies: [String], home: String?) -> [String] {
        var roots: [String] = []
        var path = executable
        for _ in 0..<8 {
            let folder = parent(path)
            var root = binaryFolders.contains(name(folder)) ? parent(folder) : folder
            let tooWide =
                root == "/" || root == home || workingCopies.contains { $0 == root || $0.hasPrefix(root + "/") }
            if tooWide { root = folder }
            let covered =
                BubblewrapArguments.systemRoots.contains { root == $0 || root.hasPrefix($0 + "/") }
                || workingCopies.contains { root == $0 || root.hasPrefix($0 + "/") }
            if !covered, root != "/", !roots.contains(root) { roots.append(root) }
            guard let target = BubblewrapArguments.linkTarget(path) else { break }
            let next = target.hasPrefix("/") ? target : folder + "/" + target
            // The folder symlink-free and without `..`, so the bind's source and destination agree.
            guard let resolvedFolder = RealPath.of(parent(next)) else { break }
            path = resolvedFolder == "/" ? "/" + name(next) : resolvedFolder + "/" + name(next)
        }
        return roots
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func name(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}
