import Foundation
import Model
import SQLiteStore
import Snapshots
import StorePort
import Testing

@testable import Engine

@Suite("Workflow engine")
struct WorkflowEngineTests {
    @Test("a run passes every planned phase in canonical order, writing their artifacts and one checkpoint each")
    func runsAllPhases() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(phases: "[planning, architecture, data, development, qa, documentation]"))
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.id == "test-project-1")
        #expect(report.status == .completed)
        #expect(report.phases.map(\.phase) == Phase.allCases)
        #expect(report.phases.allSatisfy { $0.status == .passed && $0.attempt == 1 })
        // Each phase's default artifacts: two globs, except qa's one report.
        #expect(report.phases.map(\.artifacts) == [2, 2, 2, 2, 1, 2])
        #expect(fixture.file("docs/plan.md")?.contains("no model was called") == true)
        #expect(fixture.file("tests/test_main.py") != nil)
        let (_, checkpoints) = try await fixture.engine.checkpoints(workflowID: nil)
        #expect(checkpoints.map(\.checkpoint) == ["CP1", "CP2", "CP3", "CP4", "CP5", "CP6"])
        let events = try await fixture.engine.storedEvents(workflowID: nil).map(\.kind)
        #expect(events.first == .workflowStarted && events.last == .completed)
        #expect(events.filter { $0 == .checkpointSaved }.count == 6)
    }

    @Test("a phase whose artifacts are missing blocks the workflow naming the pattern; resume after a fix passes it")
    func blocksOnMissingArtifact() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(extra: everyPhaseNeedsDocs),
            agents: IdleAgent())
        defer { fixture.remove() }
        let blocked = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(blocked.status == .paused)
        #expect(blocked.reason?.contains("'docs/*.md'") == true)
        #expect(blocked.phases.map(\.status) == [.blocked, .pending, .pending, .pending, .pending])
        let failed = try await fixture.engine.checkpoint(1, workflowID: nil)
        #expect(failed.checkpoint.status == "failed" && failed.checkpoint.missing == ["docs/*.md"])
        try fixture.write("# plan\n", to: "docs/plan.md")
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed)
        #expect(resumed.phases.map(\.attempt) == [2, 1, 1, 1, 1])
        #expect(try await fixture.engine.storedEvents(workflowID: nil).contains { $0.kind == .resumed })
    }

    @Test("an agent failure fails the workflow; resume runs the phase again as a new attempt")
    func failureThenResume() async throws {
        let failing = try await EngineFixture.make(agents: FailingAgent(phase: .architecture))
        defer { failing.remove() }
        let failed = try await failing.engine.start(intakePath: "intake.yaml")
        #expect(failed.status == .failed)
        #expect(failed.reason?.contains("model refused") == true)
        let healthy = try await WorkflowEngine.open(
            workspace: failing.root, create: false, store: EngineFixture.openStore)
        let resumed = try await healthy.run(workflowID: failed.id, mode: .resume)
        #expect(resumed.status == .completed)
        #expect(resumed.phases.map(\.attempt) == [1, 2, 1, 1, 1])
    }

    @Test("no store statement of a whole workflow, its reports, rollback and audit runs off the store's own thread")
    func storeWorkStaysOnItsThread() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        _ = try await fixture.engine.checkpoints(workflowID: report.id)
        _ = try await fixture.engine.budgetReport(workflowID: report.id)
        _ = try await fixture.engine.auditTrail(workflowID: report.id, verify: true)
        _ = try await fixture.engine.rollback(to: 2, workflowID: report.id, dryRun: false, force: true)
        _ = try await fixture.engine.run(workflowID: report.id, mode: .resume)
        let store = try #require(fixture.engine.store as? SQLiteWorkflowStore)
        #expect(store.statementsOffStoreThread == 0)
    }

    @Test("every subscriber sees the stored events, in order, once each; an ended subscription drains, then stops")
    func eventsReachEverySubscriber() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let everything = fixture.engine.events.subscribe()
        let followed = fixture.engine.events.open(workflowID: "test-project-1")
        let other = fixture.engine.events.open(workflowID: "another-1")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        fixture.engine.events.end(followed)
        fixture.engine.events.end(other)
        let stored = try await fixture.engine.storedEvents(workflowID: report.id)
        var live: [WorkflowEvent] = []
        for await event in everything {
            live.append(event)
            if event.kind == .completed { break }
        }
        var drained: [WorkflowEvent] = []
        for await event in followed.events { drained.append(event) }
        var unrelated: [WorkflowEvent] = []
        for await event in other.events { unrelated.append(event) }
        #expect(live == stored)
        #expect(drained == stored)
        #expect(unrelated.isEmpty)
        #expect(stored.map(\.sequence) == Array(1...Int64(stored.count)))
    }

    @Test("a workflow no process runs is cancelled at once, and resume continues it")
    func cancelAndResume() async throws {
        let fixture = try await EngineFixture.make(agents: IdleAgent())
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let cancelled = try await fixture.engine.cancel(workflowID: nil)
        #expect(cancelled.status == .cancelled)
        await #expect(throws: EngineError.self) { _ = try await fixture.engine.cancel(workflowID: nil) }
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .paused)
        #expect(resumed.phases.first?.attempt == 2)
    }

    @Test("a workspace lease held by another live process refuses the run naming it; a dead holder's is taken over")
    func leaseRefusesSecondProcess() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let record = try await fixture.engine.create(intakePath: "intake.yaml")
        let initStart = try #require(ProcessIdentity.startTime(of: 1))
        try await fixture.engine.store.write { tx in
            try tx.save(
                WorkspaceLeaseRecord(
                    activity: .run, workflowID: "other-1", pid: 1, processStart: initStart,
                    host: ProcessIdentity.hostName(), acquiredAt: 0))
        }
        await #expect {
            _ = try await fixture.engine.run(workflowID: record.id, mode: .start)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.code == .workspaceBusy && error.holder?.pid == 1 && error.holder?.workflow == "other-1"
                && error.message.contains("process 1 ") && error.message.contains("running workflow other-1")
        }
        await #expect(throws: EngineError.self, "a busy workspace records no new workflow") {
            _ = try await fixture.engine.create(intakePath: "intake.yaml")
        }
        #expect(try await fixture.engine.list().count == 1)
        try await fixture.engine.store.write { tx in
            try tx.save(
                WorkspaceLeaseRecord(
                    activity: .run, workflowID: "other-1", pid: 1, processStart: initStart + 1,
                    host: ProcessIdentity.hostName(), acquiredAt: 0))
        }
        #expect(try await fixture.engine.run(workflowID: record.id, mode: .resume).status == .completed)
        #expect(try await fixture.engine.store.read { tx in try tx.workspaceLease() } == nil, "given back")
    }

    @Test("an invalid intake is an error carrying its diagnostics, and records no workflow")
    func invalidIntake() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake().replacingOccurrences(of: "  name:", with: "  nmae:"))
        defer { fixture.remove() }
        await #expect {
            _ = try await fixture.engine.start(intakePath: "intake.yaml")
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.code == .invalidIntake && error.diagnostics.contains { $0.code == "unknown-key" }
        }
        #expect(try await fixture.engine.list().isEmpty)
    }

    @Test("an artifact glob that cannot be compiled stops the start with the phase named")
    func invalidGlob() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(extra: "artifacts:\n  planning: [\"docs/[a.md\"]"))
        defer { fixture.remove() }
        await #expect {
            _ = try await fixture.engine.start(intakePath: "intake.yaml")
        } throws: { error in
            (error as? EngineError)?.message.contains("artifacts.planning") == true
        }
    }
}

@Suite("Event order")
struct EventOrderTests {
    @Test("with many agents reporting at once, subscribers see every event in the store's order")
    func concurrentAgentsKeepOrder() async throws {
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(
                extra: """
                    constraints:
                      max_concurrent_agents: 8
                    agents:
                      planning: [a1, a2, a3, a4, a5, a6, a7, a8]
                    """),
            agents: ChattyAgent(steps: 25))
        defer { fixture.remove() }
        let subscription = fixture.engine.events.open()
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        fixture.engine.events.end(subscription)
        var live: [WorkflowEvent] = []
        for await event in subscription.events { live.append(event) }
        let stored = try await fixture.engine.storedEvents(workflowID: report.id)
        #expect(stored.filter { $0.phase == .planning && $0.kind == .agentStep }.count >= 8 * 25)
        #expect(live.map(\.sequence) == stored.map(\.sequence))
        #expect(live == stored)
    }
}

/// An agent that reports many steps in a burst, then does what the deterministic agent does.
struct ChattyAgent: AgentRunner {
    var steps: Int

    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        for step in 0..<steps { await report(.step("step \(step)")) }
        return try await DeterministicAgentRunner().run(assignment, report: report)
    }
}
