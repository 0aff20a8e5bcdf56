import Glibc

/// The temporary files the orchestrator itself writes into a workspace, each renamed over its target when whole: a
/// restored or merged file (`.orchestrator-restore-PID-N`) and a tool's write (`.orchestrator-write-PID-N`).
///
/// A process killed before the rename leaves one behind. Snapshots never record them (they are not the workflow's
/// product, and would enter every later checkpoint), and the next process that takes the workspace's lease after a
/// dead holder removes them (``removeAll(in:)``): nothing else writes these names.
public enum EngineTemporaryFiles {
    /// The name prefixes; a file whose name starts with one is the engine's.
    public static let prefixes = [".orchestrator-restore-", ".orchestrator-write-"]

    /// Whether a file name (the last component of a path) is one of the engine's temporary names.
    public static func isTemporary(name: some StringProtocol) -> Bool {
        prefixes.contains { name.hasPrefix($0) }
    }

    /// Whether the last component of a workspace-relative path is one of the engine's temporary names.
    static func isTemporary(path: some StringProtocol) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return isTemporary(name: path) }
        return isTemporary(name: path[path.index(after: slash)...])
    }

    /// Removes every engine temporary file under `root` (never following symlinks, skipping `.orchestrator/` and
    /// `.git/`) and returns their workspace-relative paths, sorted.
    public static func removeAll(in root: String) throws(SnapshotError) -> [String] {
        var removed: [String] = []
        let walker = WorkspaceWalker(root: root, ignore: IgnoreRules([], engineTemporaries: false))
        try walker.walk { (item) throws(SnapshotError) in
            guard isTemporary(name: item.name) else { return }
            if unlinkat(item.directory, item.name, 0) != 0 && errno != ENOENT {
                throw SystemFile.failure("cannot remove the leftover temporary file", path: root + "/" + item.path)
            }
            removed.append(item.path)
        }
        return removed
    }
}
