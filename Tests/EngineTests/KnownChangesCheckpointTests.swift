import Foundation
import Glibc
import Model
import Snapshots
import Testing
import Tokens

@testable import Engine

@Suite("Checkpoints from known changes, context from the checkpoint")
struct KnownChangesCheckpointTests {
    /// Two writer agents a phase (so each works in a working copy, merged at the phase's end), one file each.
    static let intake: String = {
        let phases = ["planning", "architecture", "development", "qa", "documentation"]
        return """
            project:
              name: "Known changes"
            requirements:
              - "Write one small file per phase"
            phases: [\(phases.joined(separator: ", "))]
            agents:
            \(phases.map { "  \($0): [writer, writer2]" }.joined(separator: "\n"))
            artifacts:
            \(phases.map { "  \($0): [\"out/\($0)-writer.txt\", \"out/\($0)-writer2.txt\"]" }.joined(separator: "\n"))

            """
    }()

    static func agent(_ id: String) -> String {
        """
        agent:
          id: \(id)
          description: Writes the one file its phase gives it.
          system_prompt: "Write the file your task names."
          tools: [file_system]
          max_steps: 4

        """
    }

    /// The workspace's agents, with something done outside the engine when the second phase starts: a file created in
    /// a folder the first checkpoint saw, and a file edited in place in another.
    struct OutsideEditor: AgentRunner {
        let inner = WorkspaceAgentRunner()
        let root: String

        func run(
            _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
        ) async throws -> AgentOutcome {
            if assignment.phase == .architecture && assignment.agentID == "writer" {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/repo/inner/seed.txt"))
                try handle.write(contentsOf: Data("edited in place".utf8))
                try handle.close()
                try Data("created outside".utf8).write(to: URL(fileURLWithPath: root + "/repo/outside.txt"))
            }
            return try await inner.run(assignment, report: report)
        }
    }

    static func age(_ path: String) {
        let past = timespec(tv_sec: time(nil) - 3600, tv_nsec: 0)
        _ = utimensat(AT_FDCWD, path, [past, past], 0)
    }

    @Test("a merged phase's checkpoint reads the merge's paths; folder stamps catch names changed outside, not edits")
    func mergedPhase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("known-\(UUID().uuidString)")
        let root = folder.path
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("agents"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.intake.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        for id in ["writer", "writer2"] {
            try Self.agent(id).write(toFile: root + "/agents/\(id).yaml", atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: root + "/repo/inner", withIntermediateDirectories: true)
        try Data("seed".utf8).write(to: URL(fileURLWithPath: root + "/repo/inner/seed.txt"))
        for path in ["repo/inner/seed.txt", "repo/inner", "repo"] { Self.age(root + "/" + path) }
        let engine = try await WorkflowEngine.open(
            workspace: root, create: true, store: EngineFixture.openStore, agents: OutsideEditor(root: root))
        let report = try await engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")

        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        let detail = try await engine.checkpoint(2, workflowID: nil)
        let manifest = try objects.loadManifest(try #require(detail.snapshot.manifest.flatMap(ObjectHash.init(hex:))))
        for path in ["out/planning-writer.txt", "out/architecture-writer.txt", "out/architecture-writer2.txt"] {
            #expect(manifest.entry(at: path) != nil, "\(path) missing from CP2")
        }
        #expect(manifest.entry(at: "repo/outside.txt")?.hash == ObjectHash.of(contents: Array("created outside".utf8)))
        // Read from known changes, not a walk: the in-place edit outside the engine waits for the next walk.
        #expect(manifest.entry(at: "repo/inner/seed.txt")?.hash == ObjectHash.of(contents: Array("seed".utf8)))
        let walked = try WorkspaceSnapshotter(workspace: root, objects: objects).changes(since: manifest)
        #expect(walked.modified == ["repo/inner/seed.txt"])
    }

    /// Writes `text` at `path` under `root`, creating folders.
    static func write(_ text: String, _ path: String, in root: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test("the context index picks and reads what listing the checkpoint's tree would, from the store")
    func contextIndexMatchesListing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("context-\(UUID().uuidString)")
        let root = folder.path
        defer { try? FileManager.default.removeItem(at: folder) }
        // More documents than the limit, in nested folders, with what the listing leaves out: hidden names, a large
        // file, bytes that are not UTF-8, a symlink.
        for index in 0..<260 {
            try Self.write("def f\(index)():\n    return \(index)\n", "src/m\(index % 7)/f\(index).py", in: root)
        }
        try Self.write("# Read me\n", "README.md", in: root)
        try Self.write("hidden", ".hidden/notes.md", in: root)
        try Self.write("x", "docs/.draft.md", in: root)
        try Self.write(String(repeating: "a", count: WorkspaceDocuments.maxFileBytes + 1), "docs/big.txt", in: root)
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(fileURLWithPath: root + "/docs/blob.bin"))
        try FileManager.default.createSymbolicLink(atPath: root + "/docs/link.md", withDestinationPath: "../README.md")
        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        let manifest = try WorkspaceSnapshotter(workspace: root, objects: objects).snapshot(reusing: nil).manifest
        let cache = SummaryCache(directory: root + "/.orchestrator/cache/summaries")
        let index = await ContextIndex.build(manifest: manifest, objects: objects, summaryCache: cache)
        let listed = WorkspaceDocuments.list(root: root)
        #expect(index.documents.count == WorkspaceDocuments.defaultLimit)
        #expect(index.documents.map(\.path) == listed.map(\.path))
        #expect(index.documents.map(\.text) == listed.map(\.text))
        #expect(Set(index.summaries.keys) == Set(listed.map(\.path)))
        // The summaries come from the cache by content hash: a second index reads them all from it.
        _ = await ContextIndex.build(manifest: manifest, objects: objects, summaryCache: cache)
        #expect(await cache.stats.hits == WorkspaceDocuments.defaultLimit)
    }

    @Test("the next phase's index reads from the store and the summary cache only the documents that changed")
    func contextIndexMemo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)")
        let root = folder.path
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<30 { try Self.write("note \(index)\n", "notes/n\(index).md", in: root) }
        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        let snapshotter = WorkspaceSnapshotter(workspace: root, objects: objects)
        let first = try snapshotter.snapshot(reusing: nil).manifest
        let cache = SummaryCache(directory: root + "/.orchestrator/cache/summaries")
        let memo = ContextIndexMemo()
        let before = await ContextIndex.build(manifest: first, objects: objects, summaryCache: cache, memo: memo)
        try Self.write("note 3, edited\n", "notes/n3.md", in: root)
        let second = try snapshotter.snapshot(reusing: first).manifest
        // A store that holds only the edited document's body: every other document must come from the memo.
        let fresh = try ObjectStore(directory: root + "/.orchestrator/fresh-objects")
        _ = try fresh.put(Array("note 3, edited\n".utf8))
        let misses = await cache.stats.misses
        let after = await ContextIndex.build(manifest: second, objects: fresh, summaryCache: cache, memo: memo)
        #expect(after.documents.map(\.path) == before.documents.map(\.path))
        #expect(after.documents.first { $0.path == "notes/n3.md" }?.text == "note 3, edited\n")
        #expect(after.documents.first { $0.path == "notes/n4.md" }?.text == "note 4\n")
        #expect(Set(after.summaries.keys) == Set(after.documents.map(\.path)))
        #expect(await cache.stats.misses == misses + 1, "only the edited document was summarised")
        #expect(memo.remembered.count == 30)
        // A subagent lists its own directory: the index's summaries serve the documents that still hold the same.
        let listed = [
            ContextDocument(path: "notes/n4.md", text: "note 4\n"), ContextDocument(path: "notes/n5.md", text: "new"),
        ]
        #expect(Array(after.summaries(matching: listed).keys) == ["notes/n4.md"])
    }
}
