#if canImport(Glibc)
import Processes
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A path inside an agent's working copy, checked so that using it cannot reach anything outside.
///
/// Paths are relative and resolved lexically (`a/../b` is `b`; a `..` that would climb above the working
/// copy is refused). Then every component that exists is examined with `lstat`: a symlink is followed (with
/// `realpath`) only to check that its target stays inside, and writes and deletes never pass through one.
/// `.orchestrator/` holds the orchestrator's own state and is out of reach; `.git/` is read-only here (the
/// git tool changes it), and so is `governance/` (the policies the agents' work is judged by). The checks happen just before use; an agent racing its own tool calls with
/// symlink swaps is out of scope (its Python runs are not confined to the working copy anyway).
public struct WorkingCopyPath: Sendable, Hashable {
    /// What the caller is about to do with the path.
    public enum Access: Sendable {
        /// Reading: symlinks whose target stays inside are followed.
        case read
        /// Writing or creating: no component may be a symlink.
        case write
        /// Deleting: only the last component may be a symlink (the link itself is removed).
        case delete
    }

    /// The working copy, absolute and symlink-free.
    public let root: String
    /// Normalised relative path without `.`/`..`; empty for the working copy itself.
    public let relative: String
    /// `root` joined with `relative`.
    public let absolute: String

    /// The relative path for messages and results (`.` for the working copy itself).
    public var display: String { relative.isEmpty ? "." : relative }

    /// The path's components.
    public var components: [Substring] { relative.split(separator: "/") }

    /// Checks `path` (as the agent wrote it) for `access` inside `workingCopy`.
    public static func resolve(
        _ path: String, in workingCopy: String, for access: Access
    ) throws(ToolError) -> WorkingCopyPath {
        guard !path.utf8.contains(0) else { throw .failed("path '\(path)' contains a NUL byte") }
        guard !path.hasPrefix("/") else { throw .pathEscapesWorkingCopy(path) }
        guard let root = RealPath.of(workingCopy) else {
            throw .failed("the working copy '\(workingCopy)' does not exist")
        }
        var parts: [Substring] = []
        for component in path.split(separator: "/") where component != "." {
            if component == ".." {
                guard parts.popLast() != nil else { throw .pathEscapesWorkingCopy(path) }
            } else {
                parts.append(component)
            }
        }
        if parts.first == ".orchestrator" { throw .pathEscapesWorkingCopy(path) }
        if parts.first == ".git", access != .read {
            throw .notAllowed("'\(path)' is inside .git/; change the repository with the git tool")
        }
        if parts.first == "governance", access != .read {
            throw .notAllowed("'\(path)' is inside governance/: an agent may not change the policy it is judged by")
        }
        let relative = parts.joined(separator: "/")
        let resolved = WorkingCopyPath(root: root, relative: relative, absolute: join(root, relative))
        try resolved.checkSymlinks(path: path, access: access)
        return resolved
    }

    /// A path below this one (already normalised and known to exist as listed, e.g. a directory entry).
    func appending(_ name: String) -> WorkingCopyPath {
        let relative = self.relative.isEmpty ? name : self.relative + "/" + name
        return WorkingCopyPath(root: root, relative: relative, absolute: Self.join(root, relative))
    }

    /// Whether an absolute, symlink-free path lies inside the working copy and outside `.orchestrator/`.
    public func contains(absolute other: String) -> Bool {
        guard let inner = Self.relativePath(of: other, under: root) else { return false }
        return inner.split(separator: "/").first != ".orchestrator"
    }

    private func checkSymlinks(path: String, access: Access) throws(ToolError) {
        let parts = components
        var current = root
        for (index, part) in parts.enumerated() {
            current = current == "/" ? "/" + part : current + "/" + part
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { return }  // nothing below exists to lead elsewhere
                throw .failed("cannot examine '\(path)': \(FileIO.errorText(errno))")
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            let shown = parts[...index].joined(separator: "/")
            // Deleting a link removes the link itself, wherever it points.
            if access == .delete && index == parts.count - 1 { return }
            guard let target = RealPath.of(current) else {
                throw .failed("'\(shown)' is a symlink whose target does not exist")
            }
            guard contains(absolute: target) else { throw .pathEscapesWorkingCopy(path) }
            if access != .read {
                let inner = Self.relativePath(of: target, under: root) ?? target
                throw .notAllowed(
                    "'\(path)' goes through the symlink '\(shown)'; tools do not write through symlinks "
                        + "(its target is '\(inner.isEmpty ? "." : inner)')")
            }
        }
    }

    private static func join(_ root: String, _ relative: String) -> String {
        if relative.isEmpty { return root }
        return root == "/" ? "/" + relative : root + "/" + relative
    }

    /// `other` relative to `root` ("" for the root itself), or nil when it is not below it.
    static func relativePath(of other: String, under root: String) -> String? {
        if other == root { return "" }
        let prefix = root == "/" ? "/" : root + "/"
        guard other.hasPrefix(prefix) else { return nil }
        return String(other.dropFirst(prefix.count))
    }
}
