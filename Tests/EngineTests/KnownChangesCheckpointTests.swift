import Foundation
import Glibc
import Model
import Providers
import Snapshots
import Testing
import Tokens

@testable import Engine

@Suite("Checkpoints from known changes, context from the checkpoint")
struct KnownChangesCheckpointTests {
    /// These writer agents in every phase, one file each; with two, each works in a working copy, merged at the
    /// phase's end.
    static func intake(writers: [String] = ["writer", "writer2"], reviews: Bool = true) -> String {
        let phases = ["planning", "architecture", "development", "qa", "documentation"]
        return """
            project:
              name: "Known changes"
            requirements:
              - "Write one small file per phase"
            phases: [\(phases.joined(separator: ", "))]
            \(reviews ? "" : "constraints:\n  review_rounds: 0")
            agents:
            \(phases.map { "  \($0): [\(writers.joined(separator: ", "))]" }.joined(separator: "\n"))
            artifacts:
            \(phases.map { phase in
                "  \(phase): [" + writers.map { "\"out/\(phase)-\($0).txt\"" }.joined(separator: ", ") + "]"
            }.joined(separator: "\n"))

            """
    }

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
        try Self.intake().write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
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

        let manifest = try await Self.manifest(ofCheckpoint: 2, of: engine, in: root)
        for path in ["out/planning-writer.txt", "out/architecture-writer.txt", "out/architecture-writer2.txt"] {
            #expect(manifest.entry(at: path) != nil, "\(path) missing from CP2")
        }
        #expect(manifest.entry(at: "repo/outside.txt")?.hash == ObjectHash.of(contents: Array("created outside".utf8)))
        // Read from known changes, not a walk: the in-place edit outside the engine waits for the next walk.
        #expect(manifest.entry(at: "repo/inner/seed.txt")?.hash == ObjectHash.of(contents: Array("seed".utf8)))
        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        let walked = try WorkspaceSnapshotter(workspace: root, objects: objects).changes(since: manifest)
        #expect(walked.modified == ["repo/inner/seed.txt"])
    }

    /// A provider whose lone architecture agent first edits `repo/inner/seed.txt` in place from a Python process,
    /// then writes its artifact; every other agent writes its artifact at once.
    struct InPlacePython: ModelProvider {
        let name = "scripted"

        func complete(
            _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
        ) async throws(ProviderError) -> ModelTurn {
            let agent = request.brief.agentID
            let call = ModelCall(messageID: "msg-\(agent)-\(request.messages.count)", model: "scripted", usage: .zero)
            let phase = request.brief.phase.rawValue
            let write = ContentBlock.toolUse(
                id: "toolu-write-\(phase)", name: "file_system__write",
                input: ["path": .string("out/\(phase)-writer.txt"), "content": "done\n"])
            switch (request.messages.count, request.brief.phase == .architecture) {
            case (1, true):
                let code = "f = open('repo/inner/seed.txt', 'r+')\nf.write('EDITED')\nf.close()\n"
                let python = ContentBlock.toolUse(
                    id: "toolu-python", name: "python_executor__run", input: ["code": .string(code)])
                return ModelTurn(content: [python], stopReason: .toolUse, calls: [call])
            case (1, false), (3, true):
                return ModelTurn(content: [write], stopReason: .toolUse, calls: [call])
            default:
                return ModelTurn(content: [.text("\(agent) done")], stopReason: .endTurn, calls: [call])
            }
        }
    }

    /// A workspace with `repo/inner/seed.txt` (aged, so that folder stamps vouch for it) and one writer agent a
    /// phase with these tools.
    static func loneWriterWorkspace(tools: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lone-\(UUID().uuidString)").path
        try write(Self.intake(writers: ["writer"], reviews: false), "intake.yaml", in: root)
        try write(
            Self.agent("writer").replacingOccurrences(of: "tools: [file_system]", with: "tools: [\(tools)]"),
            "agents/writer.yaml", in: root)
        try write("seed", "repo/inner/seed.txt", in: root)
        for path in ["repo/inner/seed.txt", "repo/inner", "repo"] { Self.age(root + "/" + path) }
        return root
    }

    @Test("a lone agent's checkpoint reads the paths its tools named when only such tools ran")
    func lonePhaseFromToolPaths() async throws {
        let root = try Self.loneWriterWorkspace(tools: "file_system")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let engine = try await WorkflowEngine.open(
            workspace: root, create: true, store: EngineFixture.openStore, agents: OutsideEditor(root: root))
        let report = try await engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let manifest = try await Self.manifest(ofCheckpoint: 2, of: engine, in: root)
        #expect(manifest.entry(at: "out/architecture-writer.txt") != nil)
        #expect(manifest.entry(at: "repo/outside.txt")?.hash == ObjectHash.of(contents: Array("created outside".utf8)))
        // Not walked: the edit in place outside the engine waits for the next walk.
        #expect(manifest.entry(at: "repo/inner/seed.txt")?.hash == ObjectHash.of(contents: Array("seed".utf8)))
    }

    @Test("after a lone agent ran a process, its checkpoint walks the tree and records an edit in place")
    func lonePhaseAfterProcessWalks() async throws {
        let root = try Self.loneWriterWorkspace(tools: "file_system, python_executor")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let runner = WorkspaceAgentRunner(tools: .builtin(), providers: ProviderFactory { _ in InPlacePython() })
        let engine = try await WorkflowEngine.open(
            workspace: root, create: true, store: EngineFixture.openStore, agents: runner)
        let report = try await engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        #expect(try String(contentsOfFile: root + "/repo/inner/seed.txt", encoding: .utf8) == "EDITED")
        let manifest = try await Self.manifest(ofCheckpoint: 2, of: engine, in: root)
        #expect(manifest.entry(at: "repo/inner/seed.txt")?.hash == ObjectHash.of(contents: Array("EDITED".utf8)))
        #expect(manifest.entry(at: "out/architecture-writer.txt") != nil)
    }

    /// The manifest of the workspace's checkpoint `number`, read from its object store.
    static func manifest(
        ofCheckpoint number: Int, of engine: WorkflowEngine, in root: String
    ) async throws
        -> SnapshotManifest
    {
        let objects = try ObjectStore(directory: root + "/.orchestrator/objects")
        let detail = try await engine.checkpoint(number, workflowID: nil)
        return try objects.loadManifest(try #require(detail.snapshot.manifest.flatMap(ObjectHash.init(hex:))))
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
        let index = await ContextIndex.build(manifest: manifest, objects: objects, summaryCache: cache, cachedFrom: 0)
        let listed = WorkspaceDocuments.list(root: root)
        #expect(index.documents.count == WorkspaceDocuments.defaultLimit)
        #expect(index.documents.map(\.path) == listed.map(\.path))
        #expect(index.documents.map(\.text) == listed.map(\.text))
        #expect(Set(index.summaries.keys) == Set(listed.map(\.path)))
        // The summaries come from the cache by content hash: a second index reads them all from it.
        _ = await ContextIndex.build(manifest: manifest, objects: objects, summaryCache: cache, cachedFrom: 0)
        #expect(await cache.stats.hits == WorkspaceDocuments.defaultLimit)
        // Documents under a page are outlined, not looked up: the same summaries, and the cache never touched.
        let unused = SummaryCache(directory: root + "/.orchestrator/cache/unused")
        let small = await ContextIndex.build(manifest: manifest, objects: objects, summaryCache: unused)
        #expect(small.summaries == index.summaries)
        #expect(await unused.stats == SummaryCacheStats())
        #expect(!FileManager.default.fileExists(atPath: root + "/.orchestrator/cache/unused"))
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
        let before = await ContextIndex.build(
            manifest: first, objects: objects, summaryCache: cache, memo: memo, cachedFrom: 0)
        try Self.write("note 3, edited\n", "notes/n3.md", in: root)
        let second = try snapshotter.snapshot(reusing: first).manifest
        // A store that holds only the edited document's body: every other document must come from the memo.
        let fresh = try ObjectStore(directory: root + "/.orchestrator/fresh-objects")
        _ = try fresh.put(Array("note 3, edited\n".utf8))
        let misses = await cache.stats.misses
        let after = await ContextIndex.build(
            manifest: second, objects: fresh, summaryCache: cache, memo: memo, cachedFrom: 0)
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
