import Glibc
import Testing

@testable import Snapshots

@Suite("WorkspaceSnapshotter restores")
struct WorkspaceRestoreTests {
    static func populate(_ workspace: TemporaryWorkspace) throws {
        try workspace.write("src/main.swift", "print(1)\n", mode: 0o755)
        try workspace.write("src/lib/util.swift", "let x = 1\n")
        try workspace.write("docs/read me.md", "# Title\n", mode: 0o600)
        try workspace.write("gone/deep/file.txt", "will be deleted")
        try workspace.symlink("current", to: "src/main.swift")
    }

    @Test("restore after adds, edits, deletes, chmods and symlink changes gives back the same tree")
    func fullRestore() throws {
        let workspace = try TemporaryWorkspace()
        try Self.populate(workspace)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        let before = workspace.describe()

        try workspace.write("src/main.swift", "print(2)\n", mode: 0o755)
        chmod(workspace.path("docs/read me.md"), 0o644)
        TemporaryWorkspace.removeTree(workspace.path("gone"))
        unlink(workspace.path("current"))
        try workspace.symlink("current", to: "/etc")
        try workspace.write("added/new/file.txt", "new")
        try workspace.write("src/extra.swift", "extra")

        let changes = try snapshotter.restore(manifest)
        #expect(changes.added == ["added/new/file.txt", "src/extra.swift"])
        #expect(changes.modified == ["current", "docs/read me.md", "src/main.swift"])
        #expect(changes.removed == ["gone/deep/file.txt"])
        #expect(workspace.describe() == before)
        #expect(!workspace.exists("added"))
        #expect(try snapshotter.changes(since: manifest).isEmpty)
        #expect(try snapshotter.restore(manifest).isEmpty)
    }

    @Test("a dry run reports the changes and touches nothing")
    func dryRun() throws {
        let workspace = try TemporaryWorkspace()
        try Self.populate(workspace)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        try workspace.write("src/main.swift", "changed\n")
        try workspace.write("extra.txt", "extra")
        unlink(workspace.path("docs/read me.md"))
        let edited = workspace.describe()

        let changes = try snapshotter.restore(manifest, dryRun: true)
        #expect(
            changes
                == WorkspaceChanges(added: ["extra.txt"], modified: ["src/main.swift"], removed: ["docs/read me.md"]))
        #expect(workspace.describe() == edited)
        #expect(try snapshotter.changes(since: manifest) == changes)
    }

    @Test("a symlinked directory pointing outside is replaced, never written through")
    func symlinkedDirectory() throws {
        let workspace = try TemporaryWorkspace()
        let outside = try TemporaryWorkspace()
        try outside.write("x.txt", "outside original")
        try workspace.write("out/x.txt", "inside")
        try workspace.write("out/y.txt", "inside too")
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        let before = workspace.describe()
        let outsideBefore = outside.describe()

        TemporaryWorkspace.removeTree(workspace.path("out"))
        try workspace.symlink("out", to: outside.root)
        let changes = try snapshotter.restore(manifest)
        #expect(changes.added == ["out"])
        #expect(changes.removed == ["out/x.txt", "out/y.txt"])
        #expect(outside.describe() == outsideBefore)
        #expect(workspace.describe() == before)
    }

    @Test("ignored paths are neither removed nor rewritten by a restore")
    func ignoredUntouched() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("app.txt", "app v1")
        try workspace.write("build/cache.bin", "cache v1")
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace, ignore: ["build/**"])
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        #expect(manifest.entry(at: "build/cache.bin") == nil)
        try workspace.write("app.txt", "app v2")
        try workspace.write("build/cache.bin", "cache v2")
        try workspace.write("build/new.bin", "new")
        try workspace.write(".git/config", "[core]")

        let changes = try snapshotter.restore(manifest)
        #expect(changes == WorkspaceChanges(modified: ["app.txt"]))
        #expect(workspace.read("app.txt") == "app v1")
        #expect(workspace.read("build/cache.bin") == "cache v2")
        #expect(workspace.read("build/new.bin") == "new")
        #expect(workspace.read(".git/config") == "[core]")
        #expect(workspace.exists(".orchestrator/objects/tmp"))
    }

    @Test("a manifest entry under an ignored path is not written")
    func ignoredManifestEntry() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("build/out", "from snapshot")
        let recorder = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try recorder.snapshot(reusing: nil).manifest
        TemporaryWorkspace.removeTree(workspace.path("build"))
        let restorer = try WorkspaceSnapshotterTests.snapshotter(workspace, ignore: ["build"])
        #expect(try restorer.restore(manifest).isEmpty)
        #expect(!workspace.exists("build"))
    }

    @Test("files and directories swap places")
    func fileDirectoryConflicts() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("a", "file a")
        try workspace.write("b/c", "file b/c")
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        let before = workspace.describe()
        unlink(workspace.path("a"))
        try workspace.write("a/inner", "now a directory")
        TemporaryWorkspace.removeTree(workspace.path("b"))
        try workspace.write("b", "now a file")
        try workspace.makeDirectory("a/empty")

        _ = try snapshotter.restore(manifest)
        #expect(workspace.describe() == before)
    }

    @Test("unsafe manifests and missing objects fail before anything is touched")
    func refusals() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("keep.txt", "keep")
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let before = workspace.describe()
        let hash = try snapshotter.objects.put(Array("evil".utf8))
        for path in ["../escape.txt", "/tmp/absolute.txt", "a/./b", "a//b"] {
            let evil = SnapshotManifest(
                entries: [
                    ManifestEntry(path: path, kind: .file, hash: hash, mode: 0o644, size: 4, modificationTime: 0)
                ],
                createdAt: 0)
            let error = thrownError { () throws(SnapshotError) in _ = try snapshotter.restore(evil) }
            #expect(error?.code == .unsafePath, "\(path)")
        }
        let missing = SnapshotManifest(
            entries: [
                ManifestEntry(
                    path: "new.txt", kind: .file, hash: ObjectHash.of(Array("absent".utf8)), mode: 0o644, size: 6,
                    modificationTime: 0)
            ],
            createdAt: 0)
        #expect(
            thrownError { () throws(SnapshotError) in _ = try snapshotter.restore(missing) }?.code == .missingObject)
        #expect(workspace.describe() == before)
    }

    @Test("a restore interrupted midway is completed by running it again; its leftover is removed apart")
    func resumesAfterInterruption() throws {
        let workspace = try TemporaryWorkspace()
        try Self.populate(workspace)
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        let before = workspace.describe()
        // What a kill between writing a temporary file and renaming it leaves behind.
        try workspace.write("src/.orchestrator-restore-999-abc", "partial")
        unlink(workspace.path("src/main.swift"))
        let changes = try snapshotter.restore(manifest)
        #expect(changes.removed == ["src/main.swift"] && changes.added.isEmpty, "the leftover is not the tree's")
        #expect(try EngineTemporaryFiles.removeAll(in: workspace.root) == ["src/.orchestrator-restore-999-abc"])
        #expect(workspace.describe() == before)
    }

    @Test("the engine's temporary files are never recorded, compared or restored, wherever they are")
    func temporaryFilesAreNeverRecorded() throws {
        let workspace = try TemporaryWorkspace()
        try Self.populate(workspace)
        let leftovers = [
            ".orchestrator-write-12-ab", "docs/.orchestrator-write-999-1f", "src/lib/.orchestrator-restore-7-2",
        ]
        for path in leftovers { try workspace.write(path, "half a file") }
        // A name that only resembles one is the workspace's own.
        try workspace.write("docs/orchestrator-write-notes.md", "mine")
        let snapshotter = try WorkspaceSnapshotterTests.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        #expect(!manifest.entries.contains { EngineTemporaryFiles.isTemporary(path: $0.path) })
        #expect(manifest.entry(at: "docs/orchestrator-write-notes.md") != nil)
        try workspace.write("docs/.orchestrator-restore-3-9", "another")
        #expect(try snapshotter.changes(since: manifest).added.isEmpty)
        #expect(
            try EngineTemporaryFiles.removeAll(in: workspace.root)
                == (leftovers + ["docs/.orchestrator-restore-3-9"]).sorted())
        #expect(try EngineTemporaryFiles.removeAll(in: workspace.root).isEmpty)
    }
}
