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
/// A copy is, where fuse-overlayfs can mount, a view of the workspace whose writes land in a folder of the agent's
/// changes only (``CopyStrategy/overlay``, ADR 0011); else a full copy restored from a snapshot of the workspace
/// (``CopyStrategy/materialised``). Either lives under `.orchestrator/work/<workflow>/<phase>-<attempt>/<agent>`.
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

    /// One agent's copy: where it works and, for an overlay, the folder of its changes.
    struct Copy: Sendable {
        let agent: String
        let path: String
        let upper: String?
    }

    let workspace: WorkspaceSnapshotter
    let objects: ObjectStore
    let root: String
    let reference: SnapshotManifest?
    /// How copies are made; settled at the first checkout when automatic.
    private(set) var strategy: CopyStrategy
    /// The strategy asked for: only an automatic one falls back to full copies.
    let requested: CopyStrategy
    var base: SnapshotManifest?
    var copies: [Copy] = []
    /// The paths each copy changed (written or removed), by agent, as the last merge found them.
    public internal(set) var changes: [String: [String]] = [:]

    /// Copies of the folder `workspace` snapshots, made under `root` (removed again by a merge).
    init(
        workspace: WorkspaceSnapshotter, objects: ObjectStore, root: String, reference: SnapshotManifest?,
        strategy: CopyStrategy = .configured
    ) {
        self.workspace = workspace
        self.objects = objects
        self.root = root
        self.reference = reference
        self.strategy = strategy
        self.requested = strategy
    }

    /// Whether any agent took a copy (the engine merges only then).
    public var isUsed: Bool { !copies.isEmpty }

    /// A fresh copy of the workspace for `agent`, as it stood when the phase's first copy was taken.
    public func checkout(for agent: String) throws(SnapshotError) -> String {
        if strategy == .automatic { strategy = CopyStrategy.settle() }
        if strategy == .overlay {
            let made = try checkoutOverlay(for: agent)
            if let path = made.path { return path }
            let reason = made.unavailable ?? "unknown"
            // Only the first copy may fall back: copies of one phase are all of one kind.
            guard copies.isEmpty, requested == .automatic else {
                throw SnapshotError(.io, path: root, "cannot mount the working copy: \(reason)")
            }
            CopyStrategy.fallBack(because: reason)
            strategy = .materialised
        }
        return try checkoutMaterialised(for: agent)
    }

    /// Merges every copy's changes into the workspace, or names the conflicting paths and changes nothing.
    public func merge() throws(SnapshotError) -> MergeOutcome {
        guard !copies.isEmpty else { return .merged(written: [], removed: []) }
        return strategy == .overlay ? try mergeOverlays() : try mergeMaterialised()
    }

    /// The conflicts among each agent's changes: a path changed differently, or a file written where another
    /// agent wrote or kept a folder.
    static func conflicts(in results: [String: [(agent: String, change: CopyChange)]]) -> [Conflict] {
        var found: [String: Set<String>] = [:]
        for (path, changes) in results where changes.dropFirst().contains(where: { $0.change != changes[0].change }) {
            found[path, default: []].formUnion(changes.map(\.agent))
        }
        for (path, changes) in results {
            for ancestor in ManifestPath.ancestors(of: path) {
                guard let above = results[ancestor] else { continue }
                let writers = above.filter { $0.change != .removed }.map(\.agent)
                let others = changes.map(\.agent).filter { !writers.contains($0) }
                if !writers.isEmpty && !others.isEmpty { found[ancestor, default: []].formUnion(writers + others) }
            }
        }
        return found.map { Conflict(path: $0.key, agents: $0.value.sorted()) }.sorted { $0.path < $1.path }
    }

    static func folderName(_ agent: String) -> String {
        String(agent.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
    }

    /// Unmounts every overlay copy mounted at or under `path`, leaving the folders (the changes stay readable).
    static func unmountAll(under path: String) {
        OverlayMount.unmountAll(under: path)
    }

    /// Removes a folder and everything in it, unmounting any copy mounted in it first; a missing folder is fine.
    static func removeTree(_ path: String) throws(SnapshotError) {
        OverlayMount.unmountAll(under: path)
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw SnapshotError(.io, path: path, "cannot remove: \(error)")
        }
    }
}
