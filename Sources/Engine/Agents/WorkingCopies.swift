import Glibc
import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The isolated working copies of one phase attempt: each concurrent agent writes its own copy of the
/// workspace, and the phase's changes are merged back only when no two agents changed a path differently.
///
/// Copies are materialised from a snapshot of the workspace taken at the first checkout, through the same
/// object store as checkpoints, under `.orchestrator/work/<workflow>/<phase>-<attempt>/<agent>`.
public actor WorkingCopies {
    /// One path two or more agents changed differently, and who changed it.
    public struct Conflict: Sendable, Hashable {
        public var path: String
        public var agents: [String]
    }

    /// What merging the copies did.
    public enum MergeOutcome: Sendable, Hashable {
        /// The workspace now holds every agent's changes: paths written and removed.
        case merged(written: [String], removed: [String])
        case conflicts([Conflict])
    }

    let workspace: WorkspaceSnapshotter
    let objects: ObjectStore
    let root: String
    let reference: SnapshotManifest?
    private var base: SnapshotManifest?
    private var copies: [(agent: String, path: String)] = []
    /// The paths each copy changed (written or removed), by agent, as the last merge found them.
    public private(set) var changes: [String: [String]] = [:]

    /// Copies of the folder `workspace` snapshots, made under `root` (removed again by a merge).
    init(workspace: WorkspaceSnapshotter, objects: ObjectStore, root: String, reference: SnapshotManifest?) {
        self.workspace = workspace
        self.objects = objects
        self.root = root
        self.reference = reference
    }

    /// Whether any agent took a copy (the engine merges only then).
    public var isUsed: Bool { !copies.isEmpty }

    /// A fresh copy of the workspace for `agent`, as it stood when the phase's first copy was taken.
    public func checkout(for agent: String) throws(SnapshotError) -> String {
        let base = try baseManifest()
        let path = root + "/" + Self.folderName(agent)
        try Self.removeTree(path)
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SnapshotError(.io, path: path, "cannot create the working copy: \(error)")
        }
        _ = try WorkspaceSnapshotter(workspace: path, objects: objects).restore(base)
        copies.append((agent, path))
        return path
    }

    /// Merges every copy's changes into the workspace, or names the conflicting paths and changes nothing.
    public func merge() throws(SnapshotError) -> MergeOutcome {
        guard let base else { return .merged(written: [], removed: []) }
        let baseEntries = Dictionary(uniqueKeysWithValues: base.entries.map { ($0.path, $0) })
        // path → each agent's result for it (nil: removed)
        var results: [String: [(agent: String, entry: ManifestEntry?)]] = [:]
        for copy in copies {
            let after = try WorkspaceSnapshotter(workspace: copy.path, objects: objects).snapshot(reusing: base)
                .manifest
            let afterEntries = Dictionary(uniqueKeysWithValues: after.entries.map { ($0.path, $0) })
            var changed: [String] = []
            for entry in after.entries where !Self.same(baseEntries[entry.path], entry) {
                results[entry.path, default: []].append((copy.agent, entry))
                if entry.kind == .file { changed.append(entry.path) }
            }
            for path in baseEntries.keys where afterEntries[path] == nil {
                results[path, default: []].append((copy.agent, nil))
                changed.append(path)
            }
            changes[copy.agent] = changed.sorted()
        }
        let conflicts = results.compactMap { path, changes -> Conflict? in
            let first = changes[0].entry
            guard changes.dropFirst().contains(where: { !Self.same($0.entry, first) }) else { return nil }
            return Conflict(path: path, agents: changes.map(\.agent).sorted())
        }
        if !conflicts.isEmpty { return .conflicts(conflicts.sorted { $0.path < $1.path }) }

        // Only the merged paths change: whatever else the workspace holds now is kept as it is.
        let current = try workspace.snapshot(reusing: base).manifest
        var target = Dictionary(uniqueKeysWithValues: current.entries.map { ($0.path, $0) })
        var written: [String] = []
        var removed: [String] = []
        for (path, changes) in results {
            if let entry = changes[0].entry {
                target[path] = entry
                written.append(path)
            } else {
                target[path] = nil
                removed.append(path)
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

    /// Same content, kind and mode (times differ between copies and do not count).
    static func same(_ left: ManifestEntry?, _ right: ManifestEntry?) -> Bool {
        guard let left, let right else { return left == nil && right == nil }
        return left.kind == right.kind && left.hash == right.hash && left.mode == right.mode
    }

    static func folderName(_ agent: String) -> String {
        String(agent.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// Removes a folder and everything in it; a missing folder is fine.
    static func removeTree(_ path: String) throws(SnapshotError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SnapshotError(.io, path: path, "cannot remove: \(error)")
        }
    }
}
