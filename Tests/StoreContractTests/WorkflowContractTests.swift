import Model
import StorePort
import Testing

@Suite("Store contract: workflows")
struct WorkflowContractTests {
    @Test("a workflow reads back exactly as written, and an update replaces it", arguments: StoreAdapter.all)
    func roundTrip(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        var record = ContractRecords.workflow("a", 1)
        try await opened.store.write { [record] tx in try tx.insert(record) }
        #expect(try await opened.store.read { tx in try tx.workflow(id: "a-1") } == record)
        record.status = .paused
        record.cancelRequested = true
        record.reason = nil
        record.phases = [.documentation]
        record.traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try await opened.store.write { [record] tx in try tx.update(record) }
        #expect(try await opened.store.read { tx in try tx.workflow(id: "a-1") } == record)
        #expect(try await opened.store.read { tx in try tx.workflow(id: "missing") } == nil)
    }

    @Test("workflow numbers count up per project slug; the latest is the newest created", arguments: StoreAdapter.all)
    func numbersPerSlug(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await opened.store.write { tx in
            #expect(try tx.nextWorkflowNumber(slug: "a") == 1)
            try tx.insert(ContractRecords.workflow("a", 1))
            try tx.insert(ContractRecords.workflow("b", 1))
            #expect(try tx.nextWorkflowNumber(slug: "a") == 2)
            #expect(try tx.nextWorkflowNumber(slug: "b") == 2)
        }
        #expect(try await opened.store.read { tx in try tx.latestWorkflow()?.id } == "b-1")
        #expect(try await opened.store.read { tx in try tx.workflows().map(\.id) } == ["a-1", "b-1"])
    }

    @Test("an unknown stored status or phase is an error naming it, never a default", arguments: StoreAdapter.all)
    func unknownValuesAreErrors(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        try await opened.execute("UPDATE workflows SET status = 'exploded' WHERE id = 'p-1'")
        try await opened.execute("UPDATE workflows SET phases = 'planning,testing' WHERE id = 'p-2'")
        for id in ["p-1", "p-2"] {
            await #expect {
                _ = try await opened.store.read { tx in try tx.workflow(id: id) }
            } throws: { error in
                guard let error = error as? StoreError, error.code == .unreadableValue else { return false }
                return error.message.contains(id == "p-1" ? "'exploded'" : "'planning,testing'")
                    && error.message.contains("workflows.")
            }
        }
    }
}
