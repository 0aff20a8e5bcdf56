import Glibc
import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Overlay copies: a fuse-overlayfs view at the copy's path with the workspace as its lower layer and an empty
/// folder as its upper one, so setting a copy up costs one mount whatever the workspace's size, and the merge
/// reads only the upper folders (ADR 0011).
extension WorkingCopies {
    /// The folder of the copies' layers (`+` is never in a copy's folder name).
    var layersRoot: String { root + "/+layers" }

    /// The names the view hides, as a full copy never had them: the engine's state (which holds the copies
    /// themselves) and git's.
    static let hiddenInView = [".orchestrator", ".git"]

    /// Mounts `agent`'s copy; the path, or why no overlay could be mounted (the reason, not an error: the first
    /// copy of a phase then falls back to a full copy).
    func checkoutOverlay(for agent: String) throws(SnapshotError) -> (path: String?, unavailable: String?) {
        let name = Self.folderName(agent)
        let point = root + "/" + name
        let layers = layersRoot + "/" + name
        try Self.removeTree(point)
        try Self.removeTree(layers)
        for folder in [point, layers + "/upper", layers + "/work"] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw SnapshotError(.io, path: folder, "cannot create the working copy: \(error)")
            }
        }
        for hidden in Self.hiddenInView {
            try Self.hide(hidden, in: layers + "/upper")
        }
        if let failure = OverlayMount.mount(
            lowers: OverlayMount.layers(under: workspace.workspace), upper: layers + "/upper", work: layers + "/work",
            at: point)
        {
            try Self.removeTree(layers)
            return (nil, failure)
        }
        copies.append(Copy(agent: agent, path: point, upper: layers + "/upper"))
        return (point, nil)
    }

    /// A whiteout for `name` in an upper folder: the 0/0 device overlayfs itself makes (allowed to every user
    /// since Linux 5.8), else fuse-overlayfs's `.wh.` file.
    static func hide(_ name: String, in upper: String) throws(SnapshotError) {
        if mknod(upper + "/" + name, S_IFCHR | 0o600, 0) == 0 { return }
        let marker = open(upper + "/" + CopyLayerFile.whiteoutPrefix + name, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard marker >= 0 else { throw CopyLayerFile.failure("cannot hide", upper + "/" + name) }
        close(marker)
    }

    func mergeOverlays() throws(SnapshotError) -> MergeOutcome {
        // Unmounted first: no process of an agent can still write while its changes are read.
        OverlayMount.unmountAll(under: root)
        var results: [String: [(agent: String, change: CopyChange)]] = [:]
        var sources: [String: String] = [:]
        var replaced: [(agent: String, folder: String)] = []
        let snapshotter = workspace
        for copy in copies {
            guard let upper = copy.upper else { continue }
            let read = try OverlayChanges.read(
                upper: upper, lower: workspace.workspace, ignores: { snapshotter.ignores($0) })
            for (path, change) in read.changes {
                results[path, default: []].append((copy.agent, change))
                if change != .removed { sources[path] = upper }
            }
            replaced += read.replacedFolders.map { (copy.agent, $0) }
            changes[copy.agent] = read.changes.keys.sorted()
        }
        // A copy that removed a folder whole removed whatever another copy wrote under it.
        for (agent, folder) in replaced {
            for (path, changes) in results
            where path.hasPrefix(folder + "/") && !changes.contains(where: { $0.agent == agent }) {
                results[path, default: []].append((agent, .removed))
            }
        }
        let conflicts = Self.conflicts(in: results)
        if !conflicts.isEmpty { return .conflicts(conflicts) }

        let writer = CopyWriter(root: workspace.workspace)
        let removed = results.filter { $0.value[0].change == .removed }.keys.sorted()
        try writer.remove(removed)
        var written: [String] = []
        for (path, changes) in results.sorted(by: { $0.key < $1.key }) where changes[0].change != .removed {
            guard let source = sources[path] else { continue }
            try writer.write(path, as: changes[0].change, from: source)
            written.append(path)
        }
        try Self.removeTree(root)
        return .merged(written: written, removed: removed)
    }
}
