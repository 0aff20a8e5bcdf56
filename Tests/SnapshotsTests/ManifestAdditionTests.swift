import Testing

@testable import Snapshots

@Suite("What a manifest adds to the one before")
struct ManifestAdditionTests {
    static func entry(_ path: String, _ content: String) -> ManifestEntry {
        ManifestEntry(
            path: path, kind: .file, hash: ObjectHash.of(Array(content.utf8)), mode: 0o644,
            size: UInt64(content.utf8.count), modificationTime: 0)
    }

    @Test("new and changed content counts, each distinct body once; unchanged, renamed and copied content does not")
    func addition() {
        let earlier = SnapshotManifest(
            entries: [Self.entry("intake.yaml", "project"), Self.entry("docs/plan.md", "plan v1")], createdAt: 0)
        let later = SnapshotManifest(
            entries: [
                Self.entry("intake.yaml", "project"),  // unchanged
                Self.entry("docs/plan.md", "plan v2!"),  // changed: 8 bytes
                Self.entry("docs/old-plan.md", "plan v1"),  // the old content under a new name: nothing new
                Self.entry("src/a.py", "print(1)\n"),  // new: 9 bytes
                Self.entry("src/b.py", "print(1)\n"),  // the same new body again: counted once
            ], createdAt: 1)
        #expect(later.addition(since: earlier) == ManifestAddition(files: 3, bytes: 17))
        #expect(earlier.addition(since: nil) == ManifestAddition(files: 2, bytes: 14))
        #expect(later.addition(since: later) == ManifestAddition(files: 0, bytes: 0))
    }
}
