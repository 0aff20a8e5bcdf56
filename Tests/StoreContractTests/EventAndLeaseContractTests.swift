import Model
import StorePort
import Testing

@Suite("Store contract: events and leases")
struct EventAndLeaseContractTests {
    @Test("events get increasing sequence numbers and cannot be updated or deleted", arguments: StoreAdapter.all)
    func eventsAreAppendOnly(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        let stored = try await opened.store.write { tx in
            [
                try tx.append(WorkflowEvent(workflowID: "p-1", kind: .workflowStarted, timestamp: 1, message: "go")),
                try tx.append(WorkflowEvent(workflowID: "p-2", kind: .workflowStarted, timestamp: 2)),
                try tx.append(
                    WorkflowEvent(
                        workflowID: "p-1", kind: .toolCall, timestamp: 3, phase: .planning, attempt: 1, agent: "a",
                        tool: "file_system", path: "docs/x.md", checkpoint: 1, message: "m", durationMs: 1.5)),
            ]
        }
        #expect(stored[0].sequence < stored[1].sequence && stored[1].sequence < stored[2].sequence)
        #expect(try await opened.store.read { tx in try tx.events(workflowID: "p-1") } == [stored[0], stored[2]])
        #expect(
            try await opened.store.read { tx in try tx.events(workflowID: "p-1", after: stored[0].sequence) }
                == [stored[2]])
        #expect(
            try await opened.store.read { tx in try tx.events(workflowID: "p-1", after: 0, limit: 1) } == [stored[0]])
        await #expect(throws: (any Error).self) { try await opened.execute("UPDATE events SET kind = 'x'") }
        await #expect(throws: (any Error).self) { try await opened.execute("DELETE FROM events") }
        #expect(try await opened.store.read { tx in try tx.events(workflowID: "p-1").count } == 2)
    }

    @Test("a lease is taken, replaced and given back", arguments: StoreAdapter.all)
    func leases(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let first = LeaseRecord(workflowID: "p-1", pid: 10, processStart: 20, host: "h", acquiredAt: 30)
        let second = LeaseRecord(workflowID: "p-1", pid: 11, processStart: 21, host: "i", acquiredAt: 31)
        try await opened.store.write { tx in try tx.save(first) }
        #expect(try await opened.store.read { tx in try tx.lease(workflowID: "p-1") } == first)
        try await opened.store.write { tx in try tx.save(second) }
        #expect(try await opened.store.read { tx in try tx.lease(workflowID: "p-1") } == second)
        try await opened.store.write { tx in try tx.deleteLease(workflowID: "p-1") }
        #expect(try await opened.store.read { tx in try tx.lease(workflowID: "p-1") } == nil)
    }
}
