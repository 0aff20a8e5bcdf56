import Model
import Testing

@testable import Store

@Suite("Gate evaluations and audit entries in the store")
struct GovernanceStoreTests {
    private func store(with workflowIDs: [String]) throws -> StateStore {
        let store = try StateStore.inMemory()
        try store.write { tx in
            for (index, id) in workflowIDs.enumerated() {
                try tx.insert(
                    WorkflowRecord(
                        id: id, project: "p", slug: "p", number: index + 1, intakePath: "/w/intake.yaml",
                        intakeText: "", workspace: "/w", phases: [.qa], status: .running, createdAt: Int64(index)))
            }
        }
        return store
    }

    private func evaluation(_ workflow: String, _ phase: String, blocked: Bool, at time: Int64) -> GateEvaluationRecord
    {
        GateEvaluationRecord(
            workflowID: workflow, phase: phase, attempt: 1, checkpointID: nil, trigger: "checkpoint", blocked: blocked,
            evaluatedAt: time)
    }

    @Test(
        "an evaluation keeps its gates' results in order, and the newest evaluation per phase is what an editor reads")
    func latestPerPhase() throws {
        let store = try store(with: ["p-1", "p-2"])
        try store.write { tx in
            var first = evaluation("p-1", "qa", blocked: true, at: 1)
            try tx.insert(
                &first,
                results: [
                    GateResultRecord(gate: "coverage.min", status: "failed", severity: "blocking", detail: "{\"a\":1}"),
                    GateResultRecord(gate: "license-header", status: "passed", severity: "blocking", detail: "{}"),
                ])
            var development = evaluation("p-1", "development", blocked: false, at: 2)
            try tx.insert(&development, results: [])
            var second = evaluation("p-2", "qa", blocked: false, at: 3)
            try tx.insert(
                &second,
                results: [GateResultRecord(gate: "coverage.min", status: "waived", severity: "blocking", detail: "{}")])
        }
        let latest = try store.read { tx in try tx.latestGateEvaluations() }
        #expect(latest.map { "\($0.workflowId)/\($0.phase)" } == ["p-1/development", "p-2/qa"])
        #expect(try store.read { tx in try tx.lastGateEvaluationID() } == 3)
        let firstResults = try store.read { tx in try tx.gateResults(evaluationID: 1) }
        #expect(firstResults.map(\.gate) == ["coverage.min", "license-header"])
        #expect(firstResults.first?.detail == "{\"a\":1}")
        #expect(try store.read { tx in try tx.gateEvaluations(workflowID: "p-1") }.map(\.blocked) == [true, false])
    }

    @Test("audit chains are per workflow; a repeated sequence is refused by the store")
    func auditChains() throws {
        let store = try store(with: ["p-1", "p-2"])
        func entry(_ workflow: String, _ sequence: Int64) -> AuditRecord {
            AuditRecord(
                workflowID: workflow, sequence: sequence, time: "2026-12-02T00:00:0\(sequence)Z", actor: "tester",
                phase: sequence == 1 ? nil : "qa", action: "gate.evaluated", inputs: "{}", outcome: "passed",
                previousHash: String(repeating: "0", count: 64), hash: "h\(sequence)")
        }
        try store.write { tx in
            try tx.append(entry("p-1", 1))
            try tx.append(entry("p-1", 2))
            try tx.append(entry("p-2", 1))
        }
        #expect(try store.read { tx in try tx.auditEntries(workflowID: "p-1") }.map(\.sequence) == [1, 2])
        #expect(try store.read { tx in try tx.lastAuditEntry(workflowID: "p-1") }?.hash == "h2")
        #expect(try store.read { tx in try tx.lastAuditEntry(workflowID: "p-2") }?.phase == nil)
        #expect(try store.read { tx in try tx.lastAuditEntry(workflowID: "p-3") } == nil)
        #expect(throws: (any Error).self) { try store.write { tx in try tx.append(entry("p-1", 2)) } }
    }
}
