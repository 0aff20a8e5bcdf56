import Engine
import SQLiteStore
import StorePort
import Testing

@testable import Server

/// A real SQLite store that signals commits when the test says so: the part of a database server's store the
/// watcher relies on (tests/External/test_lsp_gates_postgres.py drives the real PostgreSQL signals).
final class SignalledStore: WorkflowStore, CommitSignalling {
    let inner: SQLiteWorkflowStore
    let signals: AsyncStream<Void>
    let signal: AsyncStream<Void>.Continuation

    init(_ inner: SQLiteWorkflowStore) {
        self.inner = inner
        (signals, signal) = AsyncStream.makeStream(of: Void.self)
    }

    var location: String { inner.location }

    func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T, committed: (@Sendable (T) -> Void)?
    ) async throws -> T {
        try await inner.write(body, committed: committed)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await inner.read(body)
    }

    func integrityCheck() async throws -> [String] { try await inner.integrityCheck() }

    func bytesOnDisk() -> Int64 { inner.bytesOnDisk() }

    func commitSignals() -> AsyncStream<Void> { signals }
}

@Suite("Watching a database's store by its commit signals")
struct GateSignalWatcherTests {
    @Test(
        "reports the store at the first look and again on the signal after a new evaluation, not before",
        .timeLimit(.minutes(1)))
    func reportsOnSignals() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try await workspace.insertWorkflow("p-1", intakeText: "")
        let store = SignalledStore(
            try await SQLiteWorkflowStore.open(path: workspace.databasePath, access: .readWrite))
        let (reports, sink) = AsyncStream.makeStream(of: Int64.self)
        // No safety-net look within the test: only the signals wake the watcher.
        let watcher = GateSignalWatcher(openStore: { store }, safetyNet: .seconds(3_600))
        let task = Task {
            await watcher.run(log: { _ in }) { store in
                sink.yield(try await store?.read { tx in try tx.lastGateEvaluationID() } ?? -1)
            }
        }
        defer { task.cancel() }
        var iterator = reports.makeAsyncIterator()
        #expect(await iterator.next() == 0)

        // A commit the watcher does not hear of is not reported; the signal for the next one reports both.
        try await workspace.insertEvaluation(workflow: "p-1", phase: .qa, results: [])
        try await workspace.insertEvaluation(workflow: "p-1", phase: .qa, results: [])
        store.signal.yield()
        #expect(await iterator.next() == 2)
        // A signal that brings nothing new reports nothing; the next change is reported.
        store.signal.yield()
        try await workspace.insertEvaluation(workflow: "p-1", phase: .qa, results: [])
        store.signal.yield()
        #expect(await iterator.next() == 3)
    }
}
