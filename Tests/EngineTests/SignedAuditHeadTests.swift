import Foundation
import Governance
import JSON
import Model
import SQLiteStore
import StorePort
import Testing

@testable import Engine

@Suite("Signed audit heads")
struct SignedAuditHeadTests {
    /// A workflow run with heads kept in folders of the test's own.
    private func completedRun() async throws -> (EngineFixture, AuditHeadKeeper, SQLiteWorkflowStore) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)").path
        let keeper = AuditHeadKeeper(keyDirectory: home + "/config", headDirectory: home + "/state")
        let fixture = try await EngineFixture.make(auditHeads: keeper)
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let store = try #require(fixture.engine.store as? SQLiteWorkflowStore)
        return (fixture, keeper, store)
    }

    private func verification(_ fixture: EngineFixture) async throws -> AuditTrailReport.Verification {
        try #require(try await fixture.engine.auditTrail(workflowID: nil, verify: true).verification)
    }

    @Test("after every change the chain's head is signed outside the workspace, with a key made 0600 on first use")
    func headsAreSignedAndKept() async throws {
        let (fixture, keeper, _) = try await completedRun()
        defer { fixture.remove() }
        let verified = try await verification(fixture)
        #expect(verified.intact)
        #expect(verified.signedHead?.status == .matches)
        #expect(verified.signedHead?.head == verified.head, "the newest entry is the one signed")
        #expect(verified.signedHead?.file.hasPrefix(keeper.headDirectory) == true)
        #expect(!(verified.signedHead?.file.hasPrefix(fixture.root) ?? true), "kept outside the workspace")
        let key = try FileManager.default.attributesOfItem(atPath: keeper.keyFile)
        #expect((key[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: keeper.keyDirectory)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }

    @Test("entries cut off the end are caught without a head kept by hand")
    func truncationIsCaught() async throws {
        let (fixture, _, store) = try await completedRun()
        defer { fixture.remove() }
        let head = try #require(try await verification(fixture).head)
        try await store.executeForTesting("DELETE FROM audit_entries WHERE sequence >= \(head.sequence - 2)")
        let verified = try await verification(fixture)
        #expect(!verified.intact)
        #expect(verified.firstBroken?.problem == .truncated && verified.firstBroken?.sequence == head.sequence)
        #expect(verified.firstBroken?.message.contains("gone") == true)
        #expect(verified.signedHead?.status == .mismatch)
    }

    @Test("a chain with every entry deleted is caught, not reported intact with 0 entries")
    func emptiedChainIsCaught() async throws {
        let (fixture, _, store) = try await completedRun()
        defer { fixture.remove() }
        try await store.executeForTesting("DELETE FROM audit_entries")
        let verified = try await verification(fixture)
        #expect(verified.count == 0)
        #expect(!verified.intact && verified.firstBroken?.problem == .truncated)
        #expect(verified.firstBroken?.message.contains("no entry at all") == true)
    }

    @Test("an edited entry re-hashed with every entry after it is caught: the chain was rebuilt")
    func rehashedChainIsCaught() async throws {
        let (fixture, _, store) = try await completedRun()
        defer { fixture.remove() }
        let records = try await store.read { tx in try tx.auditEntries(workflowID: try tx.latestWorkflow()?.id ?? "") }
        var previous: AuditEntry?
        var statements: [String] = []
        for record in records {
            let stored = AuditEntry(stored: record)
            let resealed = AuditChain.seal(
                after: previous, time: stored.time, actor: stored.actor, workflow: stored.workflow,
                phase: stored.phase, action: stored.action, inputs: stored.inputs,
                outcome: stored.sequence == 3 ? "waived" : stored.outcome)
            statements.append(
                "UPDATE audit_entries SET outcome = '\(resealed.outcome)', previous_hash = '\(resealed.previousHash)', "
                    + "hash = '\(resealed.hash)' WHERE workflow_id = '\(record.workflowId)' AND sequence = \(record.sequence)"
            )
            previous = resealed
        }
        try await store.executeForTesting(statements.joined(separator: "; "))
        #expect(
            AuditTrailReader.verify(
                try await store.read { tx in try tx.auditEntries(workflowID: records[0].workflowId) }
            ).intact,
            "re-hashed, the chain is consistent on its own")
        let verified = try await verification(fixture)
        #expect(!verified.intact)
        #expect(verified.firstBroken?.message.contains("rebuilt") == true)
        #expect(verified.signedHead?.status == .mismatch)
    }

    @Test("a signed head edited by hand fails its signature; without the key a head is still compared")
    func forgedHeadAndMissingKey() async throws {
        let (fixture, keeper, store) = try await completedRun()
        defer { fixture.remove() }
        let file = try #require(try await verification(fixture).signedHead?.file)
        let original = try String(contentsOfFile: file, encoding: .utf8)
        let json = try JSONValue(parsing: original)
        guard case .object(var members) = json, case .integer(let sequence) = members["sequence"] else {
            Issue.record("unexpected head file \(original)")
            return
        }
        members["sequence"] = .integer(sequence - 3)
        try JSONValue.object(members).jsonString().write(toFile: file, atomically: true, encoding: .utf8)
        var verified = try await verification(fixture)
        #expect(!verified.intact && verified.signedHead?.status == .badSignature)
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: keeper.keyFile)
        verified = try await verification(fixture)
        #expect(verified.intact && verified.signedHead?.status == .unverifiable)
        try await store.executeForTesting("DELETE FROM audit_entries WHERE sequence = \(sequence)")
        verified = try await verification(fixture)
        #expect(!verified.intact && verified.signedHead?.status == .mismatch)
    }

    @Test("without a kept head the chain is checked on its own, and says so")
    func absentHead() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("heads-\(UUID().uuidString)").path
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let keeper = AuditHeadKeeper(keyDirectory: home + "/config", headDirectory: home + "/state")
        let check = SignedHeadCheck.load(from: keeper, workspace: fixture.root, workflow: "test-project-1")
        #expect(check.status == .absent)
        let records = try await fixture.engine.store.read { tx in try tx.auditEntries(workflowID: "test-project-1") }
        let verified = AuditTrailReader.verify(records, signed: check)
        #expect(verified.intact && verified.signedHead?.status == .absent)
    }
}
