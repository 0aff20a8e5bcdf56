import Engine
import Foundation
import SQLiteStore
import StorePort
import Testing

@testable import Server

@Suite("Watching the state store")
struct GateStoreWatcherTests {
    @Test(
        "reports the store at the first look, after each new evaluation, and when it is gone",
        .timeLimit(.minutes(1)))
    func reportsChanges() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try await workspace.insertWorkflow("p-1", intakeText: "")
        let (events, sink) = AsyncStream.makeStream(of: Int64?.self)
        let root = workspace.root
        let watcher = GateStoreWatcher(databasePath: workspace.databasePath, interval: .milliseconds(10)) {
            try await GateWorkspace.openStore(WorkspaceLayout(root: root), .readWrite)
        }
        let task = Task {
            await watcher.run(log: { _ in }) { store in
                if let store {
                    sink.yield(try await store.read { tx in try tx.lastGateEvaluationID() })
                } else {
                    sink.yield(-1)
                }
            }
        }
        defer { task.cancel() }
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next() == 0)

        // Another connection than the watcher's writes, as a CLI run does.
        try await workspace.insertEvaluation(workflow: "p-1", phase: .qa, results: [])
        #expect(await iterator.next() == 1)

        try FileManager.default.removeItem(atPath: workspace.root + "/.orchestrator")
        #expect(await iterator.next() == -1)
    }

    @Test("a file that is no database is logged once and never reported", .timeLimit(.minutes(1)))
    func corruptStore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/state.db"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let (logs, sink) = AsyncStream.makeStream(of: String.self)
        let watcher = GateStoreWatcher(databasePath: path, interval: .milliseconds(5)) {
            try await SQLiteWorkflowStore.open(path: path)
        }
        let task = Task {
            await watcher.run(log: { sink.yield($0) }) { _ in Issue.record("a corrupt store was reported") }
        }
        var iterator = logs.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.contains(path) == true)
        // Ten looks later it is tried again, fails the same way, and is not logged again.
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await task.value
        sink.finish()
        #expect(await iterator.next() == nil)
    }
}
