import Snapshots

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The workspace's changes since a checkpoint as a unified diff: the old bytes from the snapshot store, the new
/// from the files; what the code review reads.
struct WorkspaceDiff: Sendable {
    /// The diff text (`--- a/…`, `+++ b/…`, hunks), files in path order; binary files are named, not shown.
    var text: String
    /// The files that changed, added or removed, sorted.
    var files: [String]

    /// Bytes of diff kept; a longer diff is cut at a file boundary and says how many files it leaves out.
    static let maxBytes = 256 * 1024

    /// The diff of the workspace now against `manifest` (nothing: every file is new); with `known`, the paths a merge
    /// wrote are read instead of walking the tree (ADR 0012).
    static func since(
        _ manifest: SnapshotManifest?, known: KnownChanges? = nil, snapshotter: WorkspaceSnapshotter,
        objects: ObjectStore, root: String
    ) throws(SnapshotError) -> WorkspaceDiff {
        let reference = manifest ?? SnapshotManifest(entries: [], createdAt: 0)
        let changes = try snapshotter.changes(since: reference, known: known)
        let files = (changes.added + changes.modified + changes.removed).sorted()
        let removed = Set(changes.removed)
        let added = Set(changes.added)
        var text = ""
        var left = 0
        for (index, path) in files.enumerated() {
            let old =
                added.contains(path)
                ? nil
                : reference.entry(at: path).flatMap { entry in
                    entry.kind == .file ? try? objects.get(entry.hash) : nil
                }
            let new =
                removed.contains(path) ? nil : FileManager.default.contents(atPath: root + "/" + path).map(Array.init)
            let section: String?
            switch (old.map(Self.text), new.map(Self.text)) {
            case (.some(nil), _), (_, .some(nil)):
                section = "Binary file \(path) changed\n"
            case (let before, let after):
                section = UnifiedDiff.file(path: path, old: before ?? nil, new: after ?? nil)
            }
            guard let section else { continue }
            if text.utf8.count + section.utf8.count > maxBytes {
                left = files.count - index
                break
            }
            text += section
        }
        if left > 0 { text += "(the diff is cut here: \(left) more file(s) changed)\n" }
        return WorkspaceDiff(text: text, files: files)
    }

    /// Bytes as text, nil for what is not UTF-8 text (a NUL byte, an invalid sequence).
    static func text(_ bytes: [UInt8]) -> String? {
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
