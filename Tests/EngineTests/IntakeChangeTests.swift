import Foundation
import Model
import Snapshots
import StorePort
import Testing

@testable import Engine

/// An agent runner that knows only the built-in agents' ids, as the real one does: an unknown id fails its phase.
struct KnownAgentsOnly: AgentRunner {
    static let known: Set<String> = [
        "planner", "architect", "steward", "data", "developer", "qa", "reviewer", "documentarian",
    ]

    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        guard Self.known.contains(assignment.agentID) else {
            return AgentOutcome(status: .failed(reason: "no agent '\(assignment.agentID)'"), summary: "", steps: 0)
        }
        return try await DeterministicAgentRunner().run(assignment, report: report)
    }
}

@Suite("A resume and an edited intake")
struct IntakeChangeTests {
    static func intake(planner: String, name: String = "Test Project", phases: String? = nil) -> String {
        """
        project:
          name: "\(name)"
        requirements:
          - "Do the thing"
        phases: \(phases ?? "[planning, architecture, development, qa, documentation]")
        agents:
          planning: [\(planner)]
        """
    }

    /// (Tests/External/test_workflow.py checks the same entry against Python's hashlib.)
    static func sha256(_ text: String) -> String {
        ObjectHash.of(contents: Array(text.utf8)).hex
    }

    @Test(
        "a typo'd agent id fixed in intake.yaml: resume validates the edit, adopts it, audits both hashes and finishes")
    func resumeAdoptsTheFixedIntake() async throws {
        let typo = Self.intake(planner: "plannr")
        let fixture = try await EngineFixture.make(intake: typo, agents: KnownAgentsOnly())
        defer { fixture.remove() }
        let failed = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(failed.status == .failed)
        #expect(failed.reason?.contains("no agent 'plannr'") == true)

        let fixed = Self.intake(planner: "planner")
        try fixture.write(fixed, to: "intake.yaml")
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed, "\(resumed.reason ?? "")")
        #expect(resumed.phases.first?.agents == ["planner"])

        let record = try await fixture.engine.store.read { tx in try tx.workflow(id: failed.id) }
        #expect(record?.intakeText == fixed)
        let trail = try await fixture.engine.auditTrail(workflowID: nil, verify: true)
        #expect(trail.verification?.intact == true)
        let changes = trail.entries.filter { $0.action == "intake.changed" }
        #expect(changes.count == 1)
        #expect(changes.first?.outcome == "adopted")
        #expect(changes.first?.inputs["previousSha256"]?.stringValue == Self.sha256(typo))
        #expect(changes.first?.inputs["newSha256"]?.stringValue == Self.sha256(fixed))
        let resumedEvent = try await fixture.engine.storedEvents(workflowID: nil).last { $0.kind == .resumed }
        #expect(resumedEvent?.message?.contains("intake.yaml changed since the last run") == true)

        // A second resume of the completed workflow finds nothing to adopt and records nothing.
        _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        let again = try await fixture.engine.auditTrail(workflowID: nil, verify: false)
        #expect(again.entries.count == trail.entries.count)
    }

    @Test("an invalid edited intake stops the resume with its diagnostics, and nothing is recorded")
    func invalidEditChangesNothing() async throws {
        let typo = Self.intake(planner: "plannr")
        let fixture = try await EngineFixture.make(intake: typo, agents: KnownAgentsOnly())
        defer { fixture.remove() }
        let failed = try await fixture.engine.start(intakePath: "intake.yaml")
        let eventsBefore = try await fixture.engine.storedEvents(workflowID: nil)
        let trailBefore = try await fixture.engine.auditTrail(workflowID: nil, verify: false)

        try fixture.write(Self.intake(planner: "planner", phases: "[planing]"), to: "intake.yaml")
        let error = await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        }
        #expect(error?.code == .invalidIntake)
        #expect(error?.file == "intake.yaml")
        #expect(error?.diagnostics.contains { $0.message.contains("planing") } == true, "\(error?.message ?? "")")

        let after = try await fixture.engine.report(workflowID: nil)
        #expect(after.status == failed.status && after.reason == failed.reason)
        let record = try await fixture.engine.store.read { tx in try tx.workflow(id: failed.id) }
        #expect(record?.intakeText == typo)
        #expect(try await fixture.engine.storedEvents(workflowID: nil) == eventsBefore)
        #expect(try await fixture.engine.auditTrail(workflowID: nil, verify: false).entries == trailBefore.entries)
    }

    static let fivePhases = "[planning, architecture, development, qa, documentation]"
    static let sixPhases = "[planning, architecture, data, development, qa, documentation]"

    @Test(
        "an edit that contradicts what passed is refused, naming the command to run",
        arguments: [
            (
                phases: IntakeChangeTests.fivePhases,
                edit: IntakeChangeTests.intake(planner: "planner", name: "Another Project"),
                says: "orchestrator run start --intake intake.yaml"
            ),
            (
                phases: IntakeChangeTests.sixPhases,
                edit: IntakeChangeTests.intake(planner: "planner", phases: IntakeChangeTests.fivePhases),
                says: "no longer lists data, which passed at CP3"
            ),
            (
                phases: IntakeChangeTests.fivePhases,
                edit: IntakeChangeTests.intake(planner: "planner", phases: IntakeChangeTests.sixPhases),
                says: "adds data before development"
            ),
        ])
    func refusedEdits(phases: String, edit: String, says: String) async throws {
        // Stops at qa (its agent fails), after every phase before it passed.
        let fixture = try await EngineFixture.make(
            intake: Self.intake(planner: "planner", phases: phases), agents: FailingAgent(phase: .qa))
        defer { fixture.remove() }
        let failed = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(failed.phases.filter { $0.phase < .qa }.allSatisfy { $0.status == .passed })
        try fixture.write(edit, to: "intake.yaml")
        let error = await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        }
        #expect(error?.code == .invalidState)
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("orchestrator ") == true, "names what to run")
        #expect(try await fixture.engine.report(workflowID: nil).status == .failed)
    }

    @Test("a phase added before one that passed asks for a rollback to the checkpoint before it")
    func addedPhaseAsksForRollback() async throws {
        let fixture = try await EngineFixture.make(
            intake: Self.intake(planner: "planner", phases: Self.fivePhases), agents: FailingAgent(phase: .qa))
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let edit = Self.intake(planner: "planner", phases: Self.sixPhases)
        try fixture.write(edit, to: "intake.yaml")
        let error = await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        }
        #expect(error?.message.contains("'orchestrator checkpoint rollback CP2 --force'") == true)
        #expect(error?.message.contains("put your copy back, then run 'orchestrator run resume'") == true)
        // Doing what it says works: after the rollback, the resume adopts the edit and runs data in its place.
        _ = try await fixture.engine.rollback(to: 2, workflowID: nil, dryRun: false, force: true)
        try fixture.write(edit, to: "intake.yaml")
        let healthy = try await WorkflowEngine.open(
            workspace: fixture.root, create: false, store: EngineFixture.openStore)
        let resumed = try await healthy.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed, "\(resumed.reason ?? "")")
        #expect(resumed.phases.map(\.phase) == Phase.allCases)
    }
}
