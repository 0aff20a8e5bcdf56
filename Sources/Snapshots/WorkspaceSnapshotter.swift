import Glob

/// Records a workspace into an object store and rolls it back to any recorded manifest.
///
/// Always ignores `.orchestrator/**` and `.git/**`; `ignore` adds more. Ignored paths (and everything
/// under an ignored directory) are never snapshotted, compared, removed or written.
public struct WorkspaceSnapshotter: Sendable {
    /// The workspace root.
    public let workspace: String
    /// Where file bodies and manifests are stored.
    public let objects: ObjectStore
    let rules: IgnoreRules

    /// Creates a snapshotter for a workspace and a store.
    public init(workspace: String, objects: ObjectStore, ignore: [GlobPattern] = []) {
        var root = workspace
        while root.count > 1 && root.hasSuffix("/") {
            root.removeLast()
        }
        self.workspace = root
        self.objects = objects
        self.rules = IgnoreRules(ignore)
    }

    var walker: WorkspaceWalker { WorkspaceWalker(root: workspace, ignore: rules) }

    /// Records the workspace, reading only files whose size, mtime, kind or mode changed since `previous`
    /// (or that were racy in it), and stores the new manifest.
    public func snapshot(reusing previous: SnapshotManifest?) throws(SnapshotError) -> SnapshotResult {
        // Taken before the walk, so that any file changed during or after it counts as racy next time.
        let createdAt = SystemFile.now()
        let batch = ObjectBatch(store: objects)
        let stamps = DirectoryStampRecorder()
        var scan = WorkspaceScan(
            walker: WorkspaceWalker(root: workspace, ignore: rules, stamps: stamps), reference: previous,
            purpose: .store(batch))
        try scan.run()
        // The content objects must be durable before a manifest that names them can be.
        try batch.commit()
        let entries = scan.entries.compactMap(\.manifestEntry)
        var manifest = SnapshotManifest(
            sortedEntries: entries, createdAt: createdAt,
            directories: DirectoryStamps(stamps: stamps.stamps, takenAt: createdAt))
        let manifestHash = try objects.storeManifest(keepingText: &manifest)
        return SnapshotResult(
            manifest: manifest, manifestHash: manifestHash, hashedFiles: scan.hashed, reusedFiles: scan.reused,
            newObjects: scan.newObjects, newBytes: scan.newBytes)
    }

    /// How the current tree differs from a manifest, reading only files whose stat data does not settle it.
    public func changes(since manifest: SnapshotManifest) throws(SnapshotError) -> WorkspaceChanges {
        try compare(with: manifest).changes
    }

    /// Scans the workspace against the manifest's non-ignored entries.
    func compare(with manifest: SnapshotManifest) throws(SnapshotError) -> WorkspaceComparison {
        let target = try targetEntries(of: manifest)
        var scan = WorkspaceScan(walker: walker, reference: manifest, purpose: .compare)
        try scan.run()
        return WorkspaceComparison(current: scan.entries, target: target)
    }

    /// The manifest's entries checked for safety and order, without those this snapshotter ignores.
    func targetEntries(of manifest: SnapshotManifest) throws(SnapshotError) -> [ManifestEntry] {
        try ManifestPath.validate(manifest.entries)
        return manifest.entries.filter { !rules.ignores($0.path) }
    }
}
