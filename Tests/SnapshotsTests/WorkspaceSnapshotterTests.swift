import Glibc
import Glob
import Testing

@testable import Snapshots

@Suite("WorkspaceSnapshotter snapshots")
struct WorkspaceSnapshotterTests {
    static func snapshotter(_ workspace: TemporaryWorkspace, ignore: [String] = []) throws -> WorkspaceSnapshotter {
        let store = try ObjectStore(directory: workspace.path(".orchestrator/objects"))
        let patterns = try ignore.map { (text) throws(GlobPatternError) in try GlobPattern(text) }
        return WorkspaceSnapshotter(workspace: workspace.root, objects: store, ignore: patterns)
    }

    @Test("records files, symlinks and modes, skipping ignored paths and empty directories")
    func records() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("src/main.swift", "print(1)\n", mode: 0o755)
        try workspace.write("README.md", "hi")
        try workspace.write(".git/HEAD", "ref: main")
        try workspace.write("build/out.o", "binary")
        try workspace.makeDirectory("empty/inner")
        try workspace.symlink("link", to: "src/main.swift")
        let result = try Self.snapshotter(workspace, ignore: ["build"]).snapshot(reusing: nil)
        let manifest = result.manifest
        #expect(manifest.entries.map(\.path) == ["README.md", "link", "src/main.swift"])
        #expect(manifest.entry(at: "src/main.swift")?.mode == 0o755)
        #expect(manifest.entry(at: "link")?.kind == .symlink)
        #expect(manifest.entry(at: "link")?.hash == ObjectHash.of(Array("src/main.swift".utf8)))
        #expect(result.hashedFiles == 3)
        #expect(result.newObjects == 3)
        #expect(result.newBytes == UInt64("print(1)\n".utf8.count + 2 + "src/main.swift".utf8.count))
        let store = try ObjectStore(directory: workspace.path(".orchestrator/objects"))
        #expect(try store.loadManifest(result.manifestHash) == manifest)
    }

    @Test("a second snapshot without changes hashes nothing")
    func unchanged() throws {
        let workspace = try TemporaryWorkspace()
        for index in 0..<50 {
            try workspace.write("dir\(index % 5)/file\(index).txt", "content \(index)")
        }
        let snapshotter = try Self.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        let second = try snapshotter.snapshot(reusing: first.manifest)
        #expect(first.hashedFiles == 50)
        #expect(second.hashedFiles == 0)
        #expect(second.reusedFiles == 50)
        #expect(second.newObjects == 0)
        #expect(second.manifest.entries == first.manifest.entries)
    }

    @Test("the walk yields byte order even where '-' and '.' sort before '/', so every hash is reused")
    func byteOrder() throws {
        let workspace = try TemporaryWorkspace()
        let paths = ["a-b", "a.c", "a/w", "a/x-y/z", "a/x/z", "a0", "B", "é", "z z/q"]
        for path in paths {
            try workspace.write(path, path)
        }
        let snapshotter = try Self.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        #expect(
            first.manifest.entries.map(\.path)
                == paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        let second = try snapshotter.snapshot(reusing: first.manifest)
        #expect(second.reusedFiles == paths.count)
    }

    @Test("a change that keeps size and mtime is caught only while the file is racy")
    func racyRule() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("old.txt", "version 1")  // An hour old: its hash can be trusted.
        try workspace.write("fresh.txt", "version 1", aged: false)  // Written just now: racy.
        let snapshotter = try Self.snapshotter(workspace)
        let first = try snapshotter.snapshot(reusing: nil)
        let fresh = try #require(first.manifest.entry(at: "fresh.txt"))
        #expect(fresh.modificationTime >= first.manifest.createdAt - SnapshotManifest.racyMargin)

        for name in ["old.txt", "fresh.txt"] {
            let recorded = try #require(first.manifest.entry(at: name))
            try workspace.write(name, "version 2", aged: false)
            try workspace.setModificationTime(name, recorded.modificationTime)
        }
        let second = try snapshotter.snapshot(reusing: first.manifest)
        #expect(second.hashedFiles == 1)
        #expect(second.reusedFiles == 1)
        #expect(second.manifest.entry(at: "fresh.txt")?.hash == ObjectHash.of(Array("version 2".utf8)))
        // Same size and mtime outside the racy window is trusted, as git trusts its index.
        #expect(second.manifest.entry(at: "old.txt")?.hash == ObjectHash.of(Array("version 1".utf8)))
    }

    @Test("changes(since:) reports added, modified (bytes, mode, kind) and removed paths")
    func changes() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("keep.txt", "same")
        try workspace.write("edit.txt", "before")
        try workspace.write("mode.sh", "echo")
        try workspace.write("kind", "file")
        try workspace.write("gone.txt", "bye")
        let snapshotter = try Self.snapshotter(workspace)
        let manifest = try snapshotter.snapshot(reusing: nil).manifest
        #expect(try snapshotter.changes(since: manifest).isEmpty)

        try workspace.write("edit.txt", "after!")
        chmod(workspace.path("mode.sh"), 0o755)
        unlink(workspace.path("kind"))
        try workspace.symlink("kind", to: "keep.txt")
        unlink(workspace.path("gone.txt"))
        try workspace.write("new/file.txt", "hello")
        let changes = try snapshotter.changes(since: manifest)
        #expect(changes.added == ["new/file.txt"])
        #expect(changes.modified == ["edit.txt", "kind", "mode.sh"])
        #expect(changes.removed == ["gone.txt"])
    }

    @Test("a workspace that does not exist is an I/O error")
    func missingWorkspace() throws {
        let workspace = try TemporaryWorkspace()
        let store = try ObjectStore(directory: workspace.path("store"))
        let snapshotter = WorkspaceSnapshotter(workspace: workspace.path("absent"), objects: store)
        #expect(thrownError { () throws(SnapshotError) in _ = try snapshotter.snapshot(reusing: nil) }?.code == .io)
    }
}
