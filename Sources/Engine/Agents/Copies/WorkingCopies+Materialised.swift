import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Full copies: the fallback where no overlay can be mounted. Each copy is the workspace restored whole from a
/// snapshot taken at the first checkout; the merge snapshots every copy and the workspace again.
extension WorkingCopies {
    func checkoutMaterialised(for agent: String) throws(SnapshotError) -> String {
        let base = try baseManifest()
        let path = root + "/" + Self.folderName(agent)
        try Self.removeTree(path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SnapshotError(.io, path: path, "cannot create the working copy: \(error)")
        }
        _ = try WorkspaceSnapshotter(workspace: path, objects: objects).restore(base)
        copies.append(Copy(agent: agent, path: path, upper: nil))
        return path
    }

    func mergeMaterialised() throws(SnapshotError) -> MergeOutcome {
        guard let base else { return .merged(written: [], removed: []) }
        let baseEntries = Dictionary(uniqueKeysWithValues: base.entries.map { ($0.path, $0) })
        var results: [String: [(agent: String, change: CopyChange)]] = [:]
        var entries: [String: ManifestEntry] = [:]
        for copy in copies {
            let after = try WorkspaceSnapshotter(workspace: copy.path, objects: objects).snapshot(reusing: base)
                .manifest
            let afterEntries = Dictionary(uniqueKeysWithValues: after.entries.map { ($0.path, $0) })
            var changed: [String] = []
            for entry in after.entries where !Self.same(baseEntries[entry.path], entry) {
                results[entry.path, default: []].append((copy.agent, Self.change(entry)))
                entries[entry.path] = entry
                changed.append(entry.path)
            }
            for path in baseEntries.keys where afterEntries[path] == nil {
                results[path, default: []].append((copy.agent, .removed))
                changed.append(path)
            }
            changes[copy.agent] = changed.sorted()
        }
        let conflicts = Self.conflicts(in: results)
        if !conflicts.isEmpty { return .conflicts(conflicts) }

        // Only the merged paths change: whatever else the workspace holds now is kept as it is.
        let current = try workspace.snapshot(reusing: base).manifest
        var target = Dictionary(uniqueKeysWithValues: current.entries.map { ($0.path, $0) })
        var written: [String] = []
        var removed: [String] = []
        for (path, changes) in results {
            if changes[0].change == .removed {
                target[path] = nil
                removed.append(path)
            } else {
                target[path] = entries[path]
                written.append(path)
            }
        }
        let manifest = SnapshotManifest(entries: Array(target.values), createdAt: current.createdAt)
        _ = try workspace.restore(manifest)
        try Self.removeTree(root)
        return .merged(written: written.sorted(), removed: removed.sorted())
    }

    private func baseManifest() throws(SnapshotError) -> SnapshotManifest {
        if let base { return base }
        let manifest = try workspace.snapshot(reusing: reference).manifest
        base = manifest
        return manifest
    }

    static func change(_ entry: ManifestEntry) -> CopyChange {
        entry.kind == .file ? .file(hash: entry.hash, mode: entry.mode) : .symlink(hash: entry.hash)
    }

    /// Same content, kind and mode (times differ between copies and do not count).
    static func same(_ left: ManifestEntry?, _ right: ManifestEntry?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        return left.kind == right.kind && left.hash == right.hash && left.mode == right.mode
    }
}
