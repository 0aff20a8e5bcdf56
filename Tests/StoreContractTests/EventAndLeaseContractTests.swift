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
        // Every workflow's, as a follower of the whole store reads them.
        #expect(
            try await opened.store.read { tx in try tx.events(after: stored[0].sequence, limit: 10) } == [
                stored[1], stored[2],
            ])
        #expect(try await opened.store.read { tx in try tx.events(after: 0, limit: 2) } == [stored[0], stored[1]])
        #expect(try await opened.store.read { tx in try tx.lastEventSequence() } == stored[2].sequence)
        await #expect(throws: (any Error).self) { try await opened.execute("UPDATE events SET kind = 'x'") }
        await #expect(throws: (any Error).self) { try await opened.execute("DELETE FROM events") }
        #expect(try await opened.store.read { tx in try tx.events(workflowID: "p-1").count } == 2)
    }

    @Test("the workspace lease is taken, replaced and given back", arguments: StoreAdapter.all)
    func workspaceLease(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        #expect(try await opened.store.read { tx in try tx.workspaceLease() } == nil)
        let run = WorkspaceLeaseRecord(
            activity: .run, workflowID: "p-1", pid: 10, processStart: 20, host: "h", acquiredAt: 30)
        let prune = WorkspaceLeaseRecord(
            activity: .prune, workflowID: nil, pid: 11, processStart: 21, host: "i", acquiredAt: 31)
        try await opened.store.write { tx in try tx.save(run) }
        #expect(try await opened.store.read { tx in try tx.workspaceLease() } == run)
        try await opened.store.write { tx in try tx.save(prune) }
        #expect(try await opened.store.read { tx in try tx.workspaceLease() } == prune, "one lease: replaced")
        try await opened.store.write { tx in try tx.deleteWorkspaceLease() }
        #expect(try await opened.store.read { tx in try tx.workspaceLease() } == nil)
    }

    @Test("a rollback's journal entry stays unfinished until it is marked done", arguments: StoreAdapter.all)
    func rollbackJournal(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        let hash = String(repeating: "ab", count: 32)
        let (first, second) = try await opened.store.write { tx in
            var first = RollbackRecord(workflowID: "p-1", checkpoint: 2, manifestHash: hash, startedAt: 100)
            var second = RollbackRecord(workflowID: "p-2", checkpoint: 5, manifestHash: hash, startedAt: 200)
            try tx.insert(&first)
            try tx.insert(&second)
            return (first, second)
        }
        #expect(first.id != nil && second.id != nil && first.id != second.id)
        #expect(try await opened.store.read { tx in try tx.unfinishedRollbacks() } == [first, second])
        var done = first
        done.state = .done
        done.endedAt = 150
        try await opened.store.write { [done] tx in try tx.update(done) }
        #expect(try await opened.store.read { tx in try tx.unfinishedRollbacks() } == [second])
        await #expect(throws: (any Error).self) {
            try await opened.execute("UPDATE rollbacks SET state = 'half-done'")
            _ = try await opened.store.read { tx in try tx.unfinishedRollbacks() }
        }
    }

    @Test("a store opened read-only reads every committed change and refuses writes", arguments: StoreAdapter.all)
    func readOnlyAccess(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        let reader = try await opened.reopen(.readOnly)
        #expect(try await reader.read { tx in try tx.workflow(id: "p-1")?.id } == "p-1")
        await #expect(throws: (any Error).self) {
            try await reader.write { tx in try tx.insert(ContractRecords.workflow("q", 1)) }
        }
        #expect(try await opened.store.read { tx in try tx.workflows().count } == 1)
    }
}
