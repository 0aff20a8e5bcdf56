import Model
import StorePort
import Testing

@Suite("Store contract: ledger, budgets, gate evaluations and audit entries")
struct LedgerAndGovernanceContractTests {
    @Test("a billed message is recorded once per workflow; budgets are set per scope", arguments: StoreAdapter.all)
    func ledgerAndBudgets(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        @Sendable func usage(_ workflow: String, _ message: String?) -> TokenUsageRecord {
            TokenUsageRecord(
                workflowID: workflow, phase: .qa, attempt: 2, agent: "qa", subagent: "qa.unit", provider: "anthropic",
                model: "claude-sonnet-4-5", messageID: message,
                usage: TokenUsage(input: 10, output: 20, cacheCreation: 30, cacheRead: 40), costUSD: "0.0123",
                timestamp: 5)
        }
        let inserted = try await opened.store.write { tx in
            var first = usage("p-1", "msg_1")
            var repeated = usage("p-1", "msg_1")
            var other = usage("p-2", "msg_1")
            var anonymous = usage("p-1", nil)
            return [try tx.insert(&first), try tx.insert(&repeated), try tx.insert(&other), try tx.insert(&anonymous)]
        }
        #expect(inserted == [true, false, true, true])
        let ledger = try await opened.store.read { tx in try tx.usage(workflowID: "p-1") }
        #expect(ledger.count == 2)
        var expected = usage("p-1", "msg_1")
        expected.id = ledger.first?.id
        #expect(ledger.first == expected)
        try await opened.store.write { tx in
            try tx.setBudget(BudgetRecord(workflowID: "p-1", scope: "workflow", limitTokens: 100, limitUSD: "1.5"))
            try tx.setBudget(
                BudgetRecord(workflowID: "p-1", scope: "phase:qa", limitTokens: nil, limitUSD: nil, share: "0.3"))
            try tx.setBudget(BudgetRecord(workflowID: "p-1", scope: "workflow", limitTokens: 200, limitUSD: nil))
        }
        let budgets = try await opened.store.read { tx in try tx.budgets(workflowID: "p-1") }
        #expect(budgets.map(\.scope) == ["phase:qa", "workflow"])
        #expect(budgets.last?.limitTokens == 200 && budgets.last?.limitUSD == nil)
        #expect(budgets.first?.share == "0.3")
    }

    @Test(
        "a message keeps the provider's own cost beside the table's; without one it reads back nil",
        arguments: StoreAdapter.all)
    func reportedCost(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1"])
        @Sendable func usage(_ message: String, table: String?, reported: String?) -> TokenUsageRecord {
            TokenUsageRecord(
                workflowID: "p-1", phase: .qa, attempt: 1, agent: "qa", subagent: nil, provider: "claude-code",
                model: "claude-sonnet-4-5", messageID: message, usage: TokenUsage(input: 1, output: 2),
                costUSD: table, reportedCostUSD: reported, timestamp: 3)
        }
        let written = try await opened.store.write { tx in
            var both = usage("m1", table: "0.0123", reported: "0.012345678901")
            var reportedOnly = usage("m2", table: nil, reported: "0.5")
            var tableOnly = usage("m3", table: "0.25", reported: nil)
            _ = try tx.insert(&both)
            _ = try tx.insert(&reportedOnly)
            _ = try tx.insert(&tableOnly)
            return [both, reportedOnly, tableOnly]
        }
        let ledger = try await opened.store.read { tx in try tx.usage(workflowID: "p-1") }
        #expect(ledger == written)
        #expect(ledger.map(\.reportedCostUSD) == ["0.012345678901", "0.5", nil])
        #expect(ledger.map(\.costUSD) == ["0.0123", nil, "0.25"])
    }

    @Test(
        "an evaluation keeps its results in order; the newest per phase is what an editor reads",
        arguments: StoreAdapter.all)
    func gateEvaluations(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        @Sendable func evaluation(
            _ workflow: String, _ phase: Phase, blocked: Bool, at time: Int64
        ) -> GateEvaluationRecord {
            GateEvaluationRecord(
                workflowID: workflow, phase: phase, attempt: 1, checkpointID: nil, trigger: .checkpoint,
                blocked: blocked, evaluatedAt: time)
        }
        let ids = try await opened.store.write { tx in
            var first = evaluation("p-1", .qa, blocked: true, at: 1)
            try tx.insert(
                &first,
                results: [
                    GateResultRecord(gate: "coverage.min", status: .failed, severity: .blocking, detail: "{\"a\":1}"),
                    GateResultRecord(gate: "license-header", status: .passed, severity: .warning, detail: "{}"),
                ])
            var development = evaluation("p-1", .development, blocked: false, at: 2)
            try tx.insert(&development, results: [])
            var second = evaluation("p-2", .qa, blocked: false, at: 3)
            second.trigger = .check
            try tx.insert(
                &second, results: [GateResultRecord(gate: "c", status: .waived, severity: .blocking, detail: "{}")])
            return [first.id, development.id, second.id].compactMap { $0 }
        }
        #expect(ids.count == 3)
        let latest = try await opened.store.read { tx in try tx.latestGateEvaluations() }
        #expect(
            latest.map { "\($0.workflowId)/\($0.phase.rawValue)/\($0.trigger.rawValue)" } == [
                "p-1/development/checkpoint", "p-2/qa/check",
            ])
        #expect(try await opened.store.read { tx in try tx.lastGateEvaluationID() } == ids[2])
        let results = try await opened.store.read { tx in try tx.gateResults(evaluationID: ids[0]) }
        #expect(results.map(\.gate) == ["coverage.min", "license-header"])
        #expect(results.map(\.severity) == [.blocking, .warning])
        #expect(results.first?.detail == "{\"a\":1}")
        #expect(
            try await opened.store.read { tx in try tx.gateEvaluations(workflowID: "p-1") }.map(\.blocked) == [
                true, false,
            ])
    }

    @Test("audit chains are per workflow, kept verbatim; a repeated sequence is refused", arguments: StoreAdapter.all)
    func auditChains(adapter: StoreAdapter) async throws {
        let opened = try await adapter.open()
        defer { opened.close() }
        try await ContractRecords.seed(opened.store, ["p-1", "p-2"])
        @Sendable func entry(_ workflow: String, _ sequence: Int64) -> AuditRecord {
            AuditRecord(
                workflowID: workflow, sequence: sequence, time: "2026-12-02T00:00:0\(sequence)Z", actor: "tester",
                phase: sequence == 1 ? nil : "not-a-phase", action: "gate.evaluated", inputs: "{ \"spaced\" : 1 }",
                outcome: "passed", previousHash: String(repeating: "0", count: 64), hash: "h\(sequence)")
        }
        try await opened.store.write { tx in
            try tx.append(entry("p-1", 1))
            try tx.append(entry("p-1", 2))
            try tx.append(entry("p-2", 1))
        }
        #expect(
            try await opened.store.read { tx in try tx.auditEntries(workflowID: "p-1") } == [
                entry("p-1", 1), entry("p-1", 2),
            ])
        #expect(try await opened.store.read { tx in try tx.lastAuditEntry(workflowID: "p-1") }?.hash == "h2")
        #expect(try await opened.store.read { tx in try tx.lastAuditEntry(workflowID: "p-2") }?.phase == nil)
        #expect(try await opened.store.read { tx in try tx.lastAuditEntry(workflowID: "p-3") } == nil)
        await #expect(throws: (any Error).self) {
            try await opened.store.write { tx in try tx.append(entry("p-1", 2)) }
        }
    }
}
