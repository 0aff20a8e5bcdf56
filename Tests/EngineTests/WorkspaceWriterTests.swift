import Foundation
import Model
import Snapshots
import StorePort
import Synchronization
import Testing

@testable import Engine

@Suite("One writer per workspace")
struct WorkspaceWriterTests {
    @Test(
        "while a run holds the workspace, a prune and a second workflow are refused naming it", .timeLimit(.minutes(1)))
    func runExcludesOtherWriters() async throws {
        let gate = AgentGate()
        let fixture = try await EngineFixture.make(agents: GatedAgent(gate: gate))
        defer { fixture.remove() }
        let first = try await fixture.engine.create(intakePath: "intake.yaml")
        let second = try await fixture.engine.create(intakePath: "intake.yaml")
        let run = Task { try await fixture.engine.run(workflowID: first.id, mode: .start) }
        await gate.waitForEntries(1)
        let namesTheRun: @Sendable (any Error) -> Bool = { error in
            guard let error = error as? EngineError, let holder = error.holder else { return false }
            return error.code == .workspaceBusy && holder.activity == "run" && holder.workflow == first.id
                && holder.pid == getpid() && error.message.contains("process \(getpid())")
                && error.message.contains("running workflow \(first.id)")
        }
        await #expect(performing: { _ = try await fixture.engine.prune(keepLast: 1) }, throws: namesTheRun)
        await #expect(
            performing: { _ = try await fixture.engine.run(workflowID: second.id, mode: .start) }, throws: namesTheRun)
        await #expect(
            performing: { _ = try await fixture.engine.create(intakePath: "intake.yaml") }, throws: namesTheRun)
        await #expect(
            performing: {
                _ = try await fixture.engine.rollback(to: 1, workflowID: first.id, dryRun: false, force: true)
            },
            throws: namesTheRun)
        await gate.releaseAll()
        #expect(try await run.value.status == .completed)
        let refused = try await fixture.engine.report(workflowID: second.id)
        #expect(refused.status == .failed && refused.reason?.hasPrefix("not started: the workspace") == true)
        #expect(try await fixture.engine.list().count == 2, "the refused create recorded nothing")
        // Free again: the prune runs, and every checkpoint it kept still restores.
        _ = try await fixture.engine.prune(keepLast: 1)
        for number in [5, 4, 2, 1] {
            _ = try await fixture.engine.rollback(to: number, workflowID: first.id, dryRun: false, force: true)
        }
        #expect(try await fixture.engine.store.read { tx in try tx.workspaceLease() } == nil)
    }

    @Test("a rollback with a store that cannot be written changes nothing in the tree")
    func rollbackWithReadOnlyStore() async throws {
        let switchable = Mutex<SwitchableStore?>(nil)
        let fixture = try await EngineFixture.make { inner in
            let store = SwitchableStore(inner)
            switchable.withLock { $0 = store }
            return store
        }
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let before = try tree(fixture.root)
        let store = try #require(switchable.withLock { $0 })
        store.failWrites.store(true, ordering: .relaxed)
        await #expect {
            _ = try await fixture.engine.rollback(to: 2, workflowID: nil, dryRun: false, force: true)
        } throws: { error in
            (error as? EngineError)?.code == .storage
        }
        #expect(try tree(fixture.root) == before, "the intent could not be recorded, so nothing was restored")
        store.failWrites.store(false, ordering: .relaxed)
        #expect(try await fixture.engine.report(workflowID: nil).status == .completed)
        #expect(try await store.read { tx in try tx.unfinishedRollbacks() }.isEmpty)
    }

    @Test("a rollback stopped after recording its intent is finished by the next command, a resume")
    func interruptedRollbackFinishedByResume() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        try await interruptRollback(fixture, workflowID: report.id, to: 2)
        // Killed halfway: some files are back to CP2, the rest are not, and the store still says CP3..CP5 passed.
        #expect(fixture.file("docs/qa-report.md") == nil && fixture.file("README.md") != nil)
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed)
        let checkpoints = try await fixture.engine.checkpoints(workflowID: nil).1
        #expect(checkpoints.filter { $0.status == "rolled-back" }.map(\.checkpoint) == ["CP4", "CP5", "CP6"])
        #expect(checkpoints.filter { $0.status == "passed" }.map(\.checkpoint) == ["CP1", "CP2", "CP4", "CP5", "CP6"])
        let trail = try await fixture.engine.auditTrail(workflowID: nil, verify: true)
        let rollbacks = trail.entries.filter { $0.action == "checkpoint.rolled_back" }
        #expect(rollbacks.count == 1 && rollbacks[0].inputs["interrupted"] == .bool(true))
        #expect(trail.verification?.intact == true)
        #expect(try await fixture.engine.store.read { tx in try tx.unfinishedRollbacks() }.isEmpty)
    }

    @Test("a rollback stopped after recording its intent is finished before a second rollback runs")
    func interruptedRollbackFinishedBySecondRollback() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        try await interruptRollback(fixture, workflowID: report.id, to: 4)
        let second = try await fixture.engine.rollback(to: 1, workflowID: nil, dryRun: false, force: false)
        #expect(second.phasesRolledBack == [.architecture, .development, .qa, .documentation])
        let trail = try await fixture.engine.auditTrail(workflowID: nil, verify: false)
        let rollbacks = trail.entries.filter { $0.action == "checkpoint.rolled_back" }.map { $0.inputs["checkpoint"] }
        #expect(rollbacks == [.string("CP4"), .string("CP1")], "the interrupted one first, then the one asked for")
        #expect(fixture.file("docs/architecture.md") == nil && fixture.file("docs/plan.md") != nil)
    }

    @Test("the next writer after a dead holder removes the engine's temporary files it left; snapshots skip them")
    func leftoversRemovedOnTakeover() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let record = try await fixture.engine.create(intakePath: "intake.yaml")
        try fixture.write("half\n", to: "docs/.orchestrator-write-4242-9f")
        try fixture.write("half\n", to: ".orchestrator-restore-4242-1")
        let initStart = try #require(ProcessIdentity.startTime(of: 1))
        try await fixture.engine.store.write { tx in
            try tx.save(
                WorkspaceLeaseRecord(
                    activity: .run, workflowID: record.id, pid: 1, processStart: initStart + 1,
                    host: ProcessIdentity.hostName(), acquiredAt: 0))
        }
        #expect(try await fixture.engine.run(workflowID: record.id, mode: .start).status == .completed)
        #expect(fixture.file("docs/.orchestrator-write-4242-9f") == nil)
        #expect(fixture.file(".orchestrator-restore-4242-1") == nil)
    }

    @Test("a refusal naming a prune or a rollback is tried again until it passes; one naming a run is final")
    func shortHoldersAreWaitedFor() async throws {
        func refusal(_ activity: WorkspaceLeaseRecord.Activity) -> EngineError {
            WorkspaceLease.busy(
                WorkspaceHolder(
                    WorkspaceLeaseRecord(
                        activity: activity, workflowID: nil, pid: 1, processStart: 0, host: "h", acquiredAt: 0)),
                root: "/w")
        }
        let attempts = Mutex(0)
        let value = try await WorkspaceLease.waitingForShortHolders { () async throws(EngineError) -> Int in
            let attempt = attempts.withLock { count -> Int in
                count += 1
                return count
            }
            if attempt == 1 { throw refusal(.prune) }
            if attempt == 2 { throw refusal(.rollback) }
            return attempt
        }
        #expect(value == 3)
        attempts.withLock { $0 = 0 }
        await #expect(throws: EngineError.self) {
            _ = try await WorkspaceLease.waitingForShortHolders { () async throws(EngineError) -> Int in
                attempts.withLock { $0 += 1 }
                throw refusal(.run)
            }
        }
        #expect(attempts.withLock { $0 } == 1)
    }

    /// What a rollback killed halfway leaves: its intent recorded, a few files restored, nothing else recorded.
    private func interruptRollback(_ fixture: EngineFixture, workflowID: String, to number: Int) async throws {
        let engine = fixture.engine
        let target = try #require(
            try await engine.store.read { tx in try tx.checkpoints(workflowID: workflowID) }.last {
                $0.number == number
            }?.manifestHash)
        _ = try await engine.rollbacks.journal.begin(workflowID: workflowID, checkpoint: number, manifestHash: target)
        try FileManager.default.removeItem(atPath: fixture.root + "/docs/qa-report.md")
    }

    /// Every file under the workspace but `.orchestrator/`, with its bytes.
    private func tree(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            if path.hasPrefix(".orchestrator") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                files[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
            }
        }
        return files
    }
}
