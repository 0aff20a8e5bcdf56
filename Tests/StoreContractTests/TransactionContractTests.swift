import Model
import StorePort
import Synchronization
import Testing

@Suite("Store contract: transactions")
struct TransactionContractTests {
    struct Stop: Error {}

    /// What the `committed` callbacks saw, shared with them.
    final class Reports: Sendable {
        let sequences = Mutex<[Int64]>([])
        let count = Atomic<Int>(0)
    }

    @Test("a failing transaction leaves nothing behind and reports no commit", arguments: StoreAdapter.all)
    func atomic(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        let committed = Reports()
        await #expect(throws: Stop.self) {
            try await opened.store.write(
                { tx in
                    try tx.insert(ContractRecords.workflow("a", 1))
                    try tx.append(WorkflowEvent(workflowID: "a-1", kind: .workflowStarted, timestamp: 1))
                    throw Stop()
                }, committed: { _ in committed.count.add(1, ordering: .relaxed) })
        }
        #expect(committed.count.load(ordering: .relaxed) == 0)
        #expect(try await opened.store.read { tx in try tx.workflows() }.isEmpty)
        #expect(try await opened.store.read { tx in try tx.events(workflowID: "a-1") }.isEmpty)
    }

    @Test("concurrent writers are serialised and each commit is reported in commit order", arguments: StoreAdapter.all)
    func commitOrder(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let reported = Reports()
        let store = opened.store
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    _ = try? await store.write(
                        { tx in
                            try tx.append(WorkflowEvent(workflowID: "p-1", kind: .agentStep, timestamp: Int64(index)))
                        }, committed: { event in reported.sequences.withLock { $0.append(event.sequence) } })
                }
            }
        }
        let sequences = reported.sequences.withLock { $0 }
        #expect(sequences.count == 40)
        #expect(sequences == sequences.sorted())
        #expect(try await opened.store.read { tx in try tx.events(workflowID: "p-1") }.map(\.sequence) == sequences)
    }
}
