import Foundation
import Processes
import Snapshots
import Testing

@testable import Engine

/// The working copies' guarantees, for both ways of making them and on a small and a 10,000-file workspace.
@Suite("Working copies")
struct WorkingCopiesTests {
    /// Both strategies on a small workspace and on one of 10,000 generated files.
    static let cases: [(CopyStrategy, Int)] = small + [(.overlay, 10_000), (.materialised, 10_000)]
    static let small: [(CopyStrategy, Int)] = [(.overlay, 0), (.materialised, 0)]

    @Test(
        "concurrent copies do not see each other's writes; the merge lands exactly what each changed", arguments: cases)
    func isolationAndMerge(strategy: CopyStrategy, generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let first = try await copies.checkout(for: "architect")
        let second = try await copies.checkout(for: "steward")
        try CopyFixture.write("alpha 2\n", to: first + "/src/a.txt")
        try CopyFixture.write("new\n", to: first + "/docs/new.md")
        try FileManager.default.removeItem(atPath: second + "/src/b.txt")

        #expect(fixture.read(second + "/src/a.txt") == "alpha\n")
        #expect(!fixture.exists(second + "/docs/new.md"))
        #expect(fixture.exists(first + "/src/b.txt"))
        #expect(!fixture.exists(first + "/.orchestrator"))
        if generated > 0 { #expect(fixture.read(first + "/gen/d99/f9999.txt") == "file 9999\n") }
        // Nothing reaches the workspace before the merge.
        #expect(fixture.read(fixture.root + "/src/a.txt") == "alpha\n")
        #expect(!fixture.exists(fixture.root + "/docs/new.md"))

        let outcome = try await copies.merge()
        #expect(outcome == .merged(written: ["docs/new.md", "src/a.txt"], removed: ["src/b.txt"]))
        #expect(await copies.changes == ["architect": ["docs/new.md", "src/a.txt"], "steward": ["src/b.txt"]])
        #expect(fixture.read(fixture.root + "/src/a.txt") == "alpha 2\n")
        #expect(fixture.read(fixture.root + "/docs/new.md") == "new\n")
        #expect(!fixture.exists(fixture.root + "/src/b.txt"))
        #expect(!fixture.exists(await copies.root))
        #expect(OverlayMount.mountPoints(under: fixture.root).isEmpty)
    }

    @Test(
        "two copies changing a path differently are a conflict naming the path and both agents; nothing merges",
        arguments: cases)
    func conflict(strategy: CopyStrategy, generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let first = try await copies.checkout(for: "a")
        let second = try await copies.checkout(for: "b")
        try CopyFixture.write("from a\n", to: first + "/src/a.txt")
        try CopyFixture.write("from b\n", to: second + "/src/a.txt")
        try FileManager.default.removeItem(atPath: second + "/src/keep/c.txt")
        try CopyFixture.write("only a\n", to: first + "/src/keep/c.txt")
        try CopyFixture.write("same\n", to: first + "/same.txt")
        try CopyFixture.write("same\n", to: second + "/same.txt")
        let outcome = try await copies.merge()
        #expect(
            outcome
                == .conflicts([
                    .init(path: "src/a.txt", agents: ["a", "b"]), .init(path: "src/keep/c.txt", agents: ["a", "b"]),
                ]))
        #expect(fixture.read(fixture.root + "/src/a.txt") == "alpha\n")
        #expect(!fixture.exists(fixture.root + "/same.txt"))
        #expect(OverlayMount.mountPoints(under: fixture.root).isEmpty)
    }

    @Test("a folder removed whole, a mode change, and writes of the same bytes", arguments: small)
    func removalsAndModes(strategy: CopyStrategy, generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let first = try await copies.checkout(for: "a")
        let second = try await copies.checkout(for: "b")
        try FileManager.default.removeItem(atPath: first + "/src/keep")
        chmod(second + "/README.md", 0o755)
        // Rewriting the same bytes copies the file up in an overlay; it is still no change.
        try CopyFixture.write("alpha\n", to: second + "/src/a.txt")
        try CopyFixture.write("same\n", to: first + "/same.txt")
        try CopyFixture.write("same\n", to: second + "/same.txt")
        let outcome = try await copies.merge()
        #expect(outcome == .merged(written: ["README.md", "same.txt"], removed: ["src/keep/c.txt"]))
        #expect(!fixture.exists(fixture.root + "/src/keep"))
        #expect(CopyLayerFile.status(fixture.root + "/README.md")?.mode == 0o755)
        #expect(fixture.read(fixture.root + "/same.txt") == "same\n")
    }

    @Test(
        "a renamed folder is its files removed and written again; a left engine temporary is not merged",
        arguments: small)
    func renameAndTemporaries(strategy: CopyStrategy, generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let copy = try await copies.checkout(for: "a")
        _ = try await copies.checkout(for: "b")
        // An overlay refuses to rename a folder of the lower layer (EXDEV), as `mv` and Foundation handle by
        // copying (ADR 0011).
        try FileManager.default.moveItem(atPath: copy + "/src/keep", toPath: copy + "/src/kept")
        try CopyFixture.write("half\n", to: copy + "/src/.orchestrator-write-1-2")
        let outcome = try await copies.merge()
        #expect(outcome == .merged(written: ["src/kept/c.txt"], removed: ["src/keep/c.txt"]))
        #expect(fixture.read(fixture.root + "/src/kept/c.txt") == "gamma\n")
        #expect(!fixture.exists(fixture.root + "/src/keep"))
        #expect(!fixture.exists(fixture.root + "/src/.orchestrator-write-1-2"))
    }

    @Test(
        "a file where another copy writes into a folder of that name is a conflict at the file",
        arguments: [CopyStrategy.overlay, .materialised])
    func fileOverFolder(strategy: CopyStrategy) async throws {
        let fixture = try CopyFixture.make(generated: 0)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let first = try await copies.checkout(for: "a")
        let second = try await copies.checkout(for: "b")
        try CopyFixture.write("a file\n", to: first + "/out")
        try CopyFixture.write("in a folder\n", to: second + "/out/report.txt")
        #expect(try await copies.merge() == .conflicts([.init(path: "out", agents: ["a", "b"])]))
        #expect(!fixture.exists(fixture.root + "/out"))
    }

    @Test("after a merge, restoring the manifest taken before it gives back the tree byte for byte", arguments: cases)
    func rollbackIsExact(strategy: CopyStrategy, generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        let before = try fixture.snapshotter.snapshot(reusing: nil).manifest
        let tree = try fixture.tree()
        let copies = fixture.copies(strategy)
        let first = try await copies.checkout(for: "a")
        let second = try await copies.checkout(for: "b")
        try CopyFixture.write("changed\n", to: first + "/src/a.txt")
        try FileManager.default.removeItem(atPath: second + "/src/keep")
        try FileManager.default.createSymbolicLink(atPath: second + "/link", withDestinationPath: "src/a.txt")
        guard case .merged = try await copies.merge() else {
            Issue.record("the merge conflicted")
            return
        }
        #expect(try fixture.tree() != tree)
        _ = try fixture.snapshotter.restore(before)
        #expect(try fixture.tree() == tree)
    }

    @Test(
        "a sandboxed process writes and removes only inside its copy; the merge lists what it changed",
        arguments: [CopyStrategy.overlay, .materialised])
    func sandboxedProcess(strategy: CopyStrategy) async throws {
        let fixture = try CopyFixture.make(generated: 0)
        defer { fixture.remove() }
        let copies = fixture.copies(strategy)
        let copy = try await copies.checkout(for: "a")
        _ = try await copies.checkout(for: "b")
        let request = ProcessRequest(
            executable: "/bin/sh", arguments: ["-c", "echo made > made.txt && rm src/b.txt && echo more >> README.md"],
            environment: ["PATH": "/usr/bin:/bin"], workingDirectory: copy, timeoutSeconds: 30, outputCap: 4096,
            sandbox: .workingCopy(copy))
        let outcome = try await ProcessRunner.run(request)
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(fixture.read(fixture.root + "/README.md") == "read me\n")
        #expect(fixture.exists(fixture.root + "/src/b.txt"))
        #expect(try await copies.merge() == .merged(written: ["README.md", "made.txt"], removed: ["src/b.txt"]))
        #expect(fixture.read(fixture.root + "/README.md") == "read me\nmore\n")
    }

    @Test("an overlay copy's changes folder holds only what changed, whatever the workspace's size")
    func overlayHoldsOnlyChanges() async throws {
        let fixture = try CopyFixture.make(generated: 10_000)
        defer { fixture.remove() }
        let copies = fixture.copies(.overlay)
        let copy = try await copies.checkout(for: "a")
        try CopyFixture.write("changed\n", to: copy + "/gen/d7/f712.txt")
        let upper = await copies.root + "/+layers/a/upper"
        #expect(try CopyLayerFile.names(in: upper) == [".git", ".orchestrator", "gen"])
        #expect(try CopyLayerFile.names(in: upper + "/gen") == ["d7"])
        #expect(try CopyLayerFile.names(in: upper + "/gen/d7") == ["f712.txt"])
        #expect(try await copies.merge() == .merged(written: ["gen/d7/f712.txt"], removed: []))
    }

    @Test("removing the copies' folder unmounts what is mounted in it first")
    func removeUnmounts() async throws {
        let fixture = try CopyFixture.make(generated: 0)
        defer { fixture.remove() }
        let copies = fixture.copies(.overlay)
        let copy = try await copies.checkout(for: "a")
        try CopyFixture.write("left behind\n", to: copy + "/x.txt")
        #expect(OverlayMount.isMounted(copy))
        try WorkingCopies.removeTree(await copies.root)
        #expect(!OverlayMount.isMounted(copy))
        #expect(!fixture.exists(await copies.root))
        #expect(!fixture.exists(fixture.root + "/x.txt"))
    }

    @Test("where no overlay can mount, an automatic copy falls back to a full one; a required overlay fails saying why")
    func fallback() async throws {
        // fuse-overlayfs's options cannot carry a ',' in a path: a mount that cannot be made, on any machine.
        let fixture = try CopyFixture.make(generated: 0, name: "copies,comma")
        defer { fixture.remove() }
        let automatic = fixture.copies(.automatic)
        let copy = try await automatic.checkout(for: "a")
        #expect(await automatic.strategy == .materialised)
        #expect(!OverlayMount.isMounted(copy))
        #expect(fixture.read(copy + "/src/a.txt") == "alpha\n")
        try CopyFixture.write("full\n", to: copy + "/src/a.txt")
        #expect(try await automatic.merge() == .merged(written: ["src/a.txt"], removed: []))

        let required = fixture.copies(.overlay, name: "phase-2")
        await #expect(throws: SnapshotError.self) { try await required.checkout(for: "a") }
        do {
            _ = try await required.checkout(for: "a")
        } catch {
            #expect(error.message.contains("',' or ':'"))
        }
    }

    @Test("a workspace file with two names shows both links in an overlay copy, so the tools still refuse it")
    func hardLinksShow() async throws {
        let fixture = try CopyFixture.make(generated: 0)
        defer { fixture.remove() }
        #expect(link(fixture.root + "/src/a.txt", fixture.root + "/src/a-again.txt") == 0)
        let copies = fixture.copies(.overlay)
        let copy = try await copies.checkout(for: "a")
        var info = stat()
        #expect(lstat(copy + "/src/a.txt", &info) == 0)
        #expect(info.st_nlink == 2)
        #expect(try await copies.merge() == .merged(written: [], removed: []))
    }
}

extension WorkingCopiesTests {
    @Test("a copy of a copy stacks on its layers, not on its view: it sees the parent's changes and merges into them")
    func copyOfACopy() async throws {
        let fixture = try CopyFixture.make(generated: 0)
        defer { fixture.remove() }
        let copies = fixture.copies(.overlay)
        let parent = try await copies.checkout(for: "developer")
        try CopyFixture.write("alpha 2\n", to: parent + "/src/a.txt")
        try FileManager.default.removeItem(atPath: parent + "/src/b.txt")
        let nested = WorkingCopies(
            workspace: WorkspaceSnapshotter(workspace: parent, objects: fixture.objects), objects: fixture.objects,
            root: await copies.root + "/developer.delegations-1", reference: nil, strategy: .overlay)
        let child = try await nested.checkout(for: "developer.backend")
        // Mounted on the parent's upper folder and the workspace: one FUSE daemon between a read and the disk.
        let layers = OverlayMount.layers(under: child)
        #expect(layers.count == 3 && layers.last == fixture.root && layers[1].hasSuffix("/+layers/developer/upper"))
        #expect(fixture.read(child + "/src/a.txt") == "alpha 2\n")
        #expect(!fixture.exists(child + "/src/b.txt"))
        #expect(!fixture.exists(child + "/.orchestrator"))
        try CopyFixture.write("backend\n", to: child + "/src/api.py")
        try FileManager.default.removeItem(atPath: child + "/src/keep/c.txt")

        #expect(try await nested.merge() == .merged(written: ["src/api.py"], removed: ["src/keep/c.txt"]))
        #expect(fixture.read(parent + "/src/api.py") == "backend\n")
        #expect(!fixture.exists(parent + "/src/keep/c.txt"))
        #expect(
            try await copies.merge()
                == .merged(written: ["src/a.txt", "src/api.py"], removed: ["src/b.txt", "src/keep/c.txt"]))
        #expect(fixture.read(fixture.root + "/src/api.py") == "backend\n")
        #expect(fixture.read(fixture.root + "/src/a.txt") == "alpha 2\n")
        #expect(OverlayMount.mountPoints(under: fixture.root).isEmpty)
        #expect(OverlayMount.layers(under: parent) == [parent])
    }
}

extension WorkingCopiesTests {
    @Test(
        "an agent's first documents read from a copy's layers are what a walk through the copy finds",
        arguments: [0, 300])
    func documentsFromLayers(generated: Int) async throws {
        let fixture = try CopyFixture.make(generated: generated)
        defer { fixture.remove() }
        try CopyFixture.write("gone\n", to: fixture.root + "/old/x.txt")
        try CopyFixture.write("file\n", to: fixture.root + "/becomes-folder")
        try CopyFixture.write("inner\n", to: fixture.root + "/becomes-file/inner.txt")
        let copies = fixture.copies(.overlay)
        let parent = try await copies.checkout(for: "developer")
        // Every kind of change an upper folder records: new, modified, removed, a folder removed whole, a folder
        // removed and made again (opaque), a file turned into a folder and a folder into a file.
        try CopyFixture.write("alpha 2\n", to: parent + "/src/a.txt")
        try CopyFixture.write("new\n", to: parent + "/docs/new.md")
        try FileManager.default.removeItem(atPath: parent + "/src/b.txt")
        try FileManager.default.removeItem(atPath: parent + "/old")
        try FileManager.default.removeItem(atPath: parent + "/src/keep")
        try CopyFixture.write("again\n", to: parent + "/src/keep/d.txt")
        try FileManager.default.removeItem(atPath: parent + "/becomes-folder")
        try CopyFixture.write("now a folder\n", to: parent + "/becomes-folder/e.txt")
        try FileManager.default.removeItem(atPath: parent + "/becomes-file")
        try CopyFixture.write("now a file\n", to: parent + "/becomes-file")
        let nested = WorkingCopies(
            workspace: WorkspaceSnapshotter(workspace: parent, objects: fixture.objects), objects: fixture.objects,
            root: await copies.root + "/developer.delegations-1", reference: nil, strategy: .overlay)
        let child = try await nested.checkout(for: "developer.backend")
        try FileManager.default.removeItem(atPath: child + "/README.md")
        try CopyFixture.write("child\n", to: child + "/src/child.txt")

        for (view, limit) in [(parent, 200), (child, 200), (child, 7)] {
            let layered = WorkspaceDocuments.list(root: view, limit: limit)
            let walked = WorkspaceDocuments.walk(root: view, limit: limit)
            #expect(layered.map(\.path) == walked.map(\.path))
            #expect(layered.map(\.text) == walked.map(\.text))
        }
        let paths = WorkspaceDocuments.list(root: child).map(\.path)
        #expect(paths.contains("src/child.txt") && paths.contains("src/keep/d.txt") && paths.contains("becomes-file"))
        #expect(!paths.contains("README.md") && !paths.contains("src/b.txt") && !paths.contains("old/x.txt"))
        #expect(!paths.contains("src/keep/c.txt") && !paths.contains("becomes-file/inner.txt"))
        _ = try await copies.merge()
    }
}
