import Foundation
import Governance
import JSON
import Model
import SQLiteStore
import StorePort
import Testing

@testable import Engine

@Suite("Governance in the engine")
struct GovernanceEngineTests {
    /// The analytics template plus the example's legacy code, whose partial test brings coverage to 72%.
    static func analyticsWithLegacyCode() async throws -> EngineFixture {
        let fixture = try await EngineFixture.make(agents: WorkspaceAgentRunner())
        _ = try WorkspaceInitializer.initialize(directory: fixture.root, template: "analytics", overwrite: true)
        let example = CLIRunnerRoot.url.appendingPathComponent("examples/analytics")
        for path in ["src/acme_legacy/invoice_export.py", "tests/test_invoice_export.py"] {
            try fixture.write(
                try String(contentsOf: example.appendingPathComponent(path), encoding: .utf8), to: path)
        }
        return fixture
    }

    static func waiver(expires: String) -> String {
        """
          waivers:
            - gate: coverage.min
              reason: Legacy invoice export, covered by Acme QA until its rewrite.
              approver: lead@acme-corp.example
              expires: "\(expires)"

        """
    }

    @Test("72% coverage blocks CP5 naming the gate; a waiver lets resume pass and is audited; expired, it blocks again")
    func coverageGateAndWaiver() async throws {
        let fixture = try await Self.analyticsWithLegacyCode()
        defer { fixture.remove() }
        let blocked = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(blocked.status == .paused)
        let reason = blocked.reason ?? ""
        #expect(reason.contains("CP5: gate coverage.min failed"), "\(reason)")
        #expect(reason.contains("72.0% (36 of 50 lines)"), "\(reason)")
        let evaluations = try await fixture.engine.store.read { tx in try tx.gateEvaluations(workflowID: blocked.id) }
        #expect(evaluations.last?.phase == .qa && evaluations.last?.blocked == true)

        let policy = fixture.file("governance/acme-corp.yaml") ?? ""
        try fixture.write(policy + Self.waiver(expires: "2999-12-31"), to: "governance/acme-corp.yaml")
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed, "\(resumed.reason ?? "")")
        let trail = try await fixture.engine.auditTrail(workflowID: nil, verify: true)
        #expect(trail.verification?.intact == true)
        let applied = trail.entries.filter { $0.action == "waiver.applied" }
        #expect(applied.count == 1)
        #expect(applied.first?.inputs["approver"]?.stringValue == "lead@acme-corp.example")
        #expect(trail.entries.contains { $0.action == "gate.evaluated" && $0.outcome == "waived" })
        #expect(trail.entries.filter { $0.action == "policy.loaded" }.count == 2)
        #expect(trail.entries.map(\.sequence) == Array(1...Int64(trail.entries.count)))

        try fixture.write(policy + Self.waiver(expires: "2000-01-01"), to: "governance/acme-corp.yaml")
        let check = try await fixture.engine.checkGates(phase: .qa, workflowID: nil)
        #expect(check.blocked)
        let coverage = check.results.first { $0.gateID == "coverage.min" }
        #expect(coverage?.status == .failed)
        #expect(coverage?.expiredWaivers.map(\.expires) == ["2000-01-01"])
        let after = try await fixture.engine.auditTrail(workflowID: nil, verify: true)
        #expect(after.entries.last { $0.action == "waiver.expired" }?.outcome == "ignored")
        #expect(after.verification?.intact == true)
    }

    @Test("policies are not in checkpoints: a rollback keeps a waiver approved later, and a policy edit is no loss")
    func rollbackKeepsPolicies() async throws {
        let fixture = try await Self.analyticsWithLegacyCode()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let waived = (fixture.file("governance/acme-corp.yaml") ?? "") + Self.waiver(expires: "2999-12-31")
        try fixture.write(waived, to: "governance/acme-corp.yaml")
        let done = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(done.status == .completed)
        // An edit after the last checkpoint, which a rollback would refuse to destroy if policies were recorded.
        try fixture.write(waived + "\n", to: "governance/acme-corp.yaml")
        let rollback = try await fixture.engine.rollback(to: 2, workflowID: nil, dryRun: false, force: false)
        #expect(!rollback.removed.contains { $0.hasPrefix("governance/") })
        #expect(fixture.file("governance/acme-corp.yaml") == waived + "\n")
        let again = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(again.status == .completed, "\(again.reason ?? "")")
    }

    @Test("the developer writes the policy's license header into the source files it creates")
    func headersFromThePolicy() async throws {
        let fixture = try await Self.analyticsWithLegacyCode()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let source = fixture.file("src/customer_analytics_platform.py") ?? ""
        #expect(source.hasPrefix("# Copyright (c) 2026 Acme Corp. All rights reserved.\n"))
        let evaluations = try await fixture.engine.store.read { tx in
            try tx.gateEvaluations(workflowID: "customer-analytics-platform-1")
        }
        let development = try #require(evaluations.first { $0.phase == .development })
        let results = try await fixture.engine.store.read { tx in try tx.gateResults(evaluationID: development.id ?? -1)
        }
        #expect(results.first { $0.gate == "license-header" }?.status == .passed)
    }

    @Test("a client policy that weakens a locked gate refuses the run with the file and line, and pauses it")
    func policyErrorsRefuseTheRun() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(extra: "").replacingOccurrences(
                of: "  name: \"Test Project\"", with: "  name: \"Test Project\"\n  client: \"acme-corp\""))
        defer { fixture.remove() }
        try fixture.write(
            """
            policy:
              id: acme-corp
              level: client
              client: acme-corp
              gates:
                - id: artifacts.present
                  type: metric
                  phases: [planning]
                  metric: artifact_count
                  operator: ">="
                  threshold: 0

            """, to: "governance/acme-corp.yaml")
        let record = try await fixture.engine.create(intakePath: "intake.yaml")
        let error = await #expect(throws: EngineError.self) {
            try await fixture.engine.run(workflowID: record.id, mode: .start)
        }
        #expect(error?.code == .invalidPolicy)
        #expect(error?.message.contains("governance/acme-corp.yaml:11:") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("[locked-gate-weakened]") == true, "\(error?.message ?? "")")
        let status = try await fixture.engine.report(workflowID: record.id)
        #expect(status.status == .paused)
        #expect(status.phases.allSatisfy { $0.status == .pending })
    }

    @Test("verification names the first edited, reformatted or deleted entry")
    func verification() {
        let log = (1...4).reduce(into: AuditChain()) { chain, index in
            chain.append(
                time: "2026-12-02T00:00:0\(index).000Z", actor: "tester", workflow: "w-1", phase: .qa,
                action: "gate.evaluated", inputs: .object(["gate": .string("g\(index)"), "n": .integer(Int64(index))]),
                outcome: "passed")
        }
        let records = log.entries.map { entry in
            AuditRecord(
                workflowID: entry.workflow, sequence: entry.sequence, time: entry.time, actor: entry.actor,
                phase: entry.phase?.rawValue, action: entry.action, inputs: entry.inputs.jsonString(),
                outcome: entry.outcome, previousHash: entry.previousHash, hash: entry.hash)
        }
        #expect(WorkflowEngine.verify(records).intact)

        var edited = records
        edited[2].outcome = "failed"
        #expect(WorkflowEngine.verify(edited).firstBroken?.sequence == 3)
        #expect(WorkflowEngine.verify(edited).firstBroken?.problem == .contentChanged)

        var respaced = records
        respaced[1].inputs = respaced[1].inputs.replacingOccurrences(of: ",", with: ", ")
        #expect(WorkflowEngine.verify(respaced).firstBroken?.sequence == 2)

        let head = AuditHead(sequence: 4, hash: records[3].hash)
        #expect(WorkflowEngine.verify(records, head: head).intact)
        #expect(WorkflowEngine.verify(records).head == head)
        let cut = Array(records.prefix(3))
        #expect(WorkflowEngine.verify(cut).intact, "a chain cut at its end is still a chain")
        #expect(WorkflowEngine.verify(cut, head: head).firstBroken?.problem == .truncated)
        #expect(AuditHead("4:" + records[3].hash.uppercased()) == head)
        #expect(AuditHead("4:abc") == nil && AuditHead("x:" + records[3].hash) == nil)

        var deleted = records
        deleted.remove(at: 1)
        #expect(WorkflowEngine.verify(deleted).firstBroken?.problem == .entryMissing)
        #expect(WorkflowEngine.verify(deleted).firstBroken?.position == 2)
    }

    @Test("audit times are RFC 3339 UTC with milliseconds, before and after the epoch")
    func auditTimes() {
        #expect(UTCTimestamp.text(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.text(milliseconds: 1_764_642_600_123) == "2025-12-02T02:30:00.123Z")
        #expect(UTCTimestamp.text(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(UTCTimestamp.text(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }
}

/// The repository root, for the example files the tests copy.
enum CLIRunnerRoot {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
