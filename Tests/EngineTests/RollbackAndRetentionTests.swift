import Foundation
import Glob
import Model
import Snapshots
import Testing

@testable import Engine

@Suite("Rollback and retention")
struct RollbackAndRetentionTests {
    @Test("prune keeps the newest snapshot of each checkpoint, frees the rest, and keeps every record")
    func pruneKeepsLatest() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        try fixture.write("extra\n", to: "docs/extra.md")
        _ = try await fixture.engine.rollback(to: 1, workflowID: nil, dryRun: false, force: true)
        #expect(fixture.file("docs/extra.md") == nil)
        try fixture.write("changed architecture input\n", to: "notes.md")
        _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        let before = try await fixture.engine.checkpoints(workflowID: nil).1
        #expect(before.count == 9)
        // The runs happened an hour ago: objects younger than the prune (less a second) are spared by design, and
        // a fast run would otherwise leave nothing old enough to collect.
        Self.age(fixture.root + "/.orchestrator/objects", by: 3_600)
        let pruned = try await fixture.engine.prune(keepLast: 1)
        #expect(pruned.snapshotsDropped == 4)
        let after = try await fixture.engine.checkpoints(workflowID: nil).1
        #expect(after.count == 9)
        #expect(after.filter(\.pruned).map(\.checkpoint) == ["CP2", "CP4", "CP5", "CP6"])
        #expect(pruned.objectsRemoved > 0 && pruned.bytesFreed > 0)
        // What remains restores exactly: roll back to the surviving CP2 and find notes.md as it was.
        _ = try await fixture.engine.rollback(to: 2, workflowID: nil, dryRun: false, force: false)
        #expect(fixture.file("notes.md") == "changed architecture input\n")
        await #expect(throws: EngineError.self) { _ = try await fixture.engine.prune(keepLast: 0) }
    }

    @Test("a dry run lists the changes and touches nothing")
    func dryRunTouchesNothing() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        let report = try await fixture.engine.rollback(to: 1, workflowID: nil, dryRun: true, force: false)
        #expect(
            report.removed == [
                "README.md", "docs/adr/0001-main.md", "docs/architecture.md", "docs/qa-report.md",
                "docs/user-guide.md", "src/main.py", "tests/test_main.py",
            ])
        #expect(fixture.file("docs/architecture.md") != nil)
        #expect(try await fixture.engine.report(workflowID: nil).status == .completed)
    }

    @Test("rolling back to a checkpoint the workflow does not plan names the missing phase")
    func unknownCheckpoint() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        _ = try await fixture.engine.start(intakePath: "intake.yaml")
        await #expect {
            _ = try await fixture.engine.rollback(to: 3, workflowID: nil, dryRun: false, force: false)
        } throws: { error in
            guard let error = error as? EngineError else { return false }
            return error.code == .checkpointNotFound && error.message.contains("do not include data")
        }
    }

    /// Moves the modification time of every file under `folder` `seconds` into the past.
    static func age(_ folder: String, by seconds: Int) {
        let past = Date().addingTimeInterval(-Double(seconds))
        guard let paths = FileManager.default.enumerator(atPath: folder) else { return }
        for case let path as String in paths {
            try? FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: folder + "/" + path)
        }
    }
}

@Suite("Phase agents")
struct PhaseAgentTests {
    @Test("agents of one phase run concurrently, a new one starting only when a slot frees", .timeLimit(.minutes(1)))
    func boundedConcurrency() async throws {
        let gate = AgentGate()
        let fixture = try await EngineFixture.make(
            intake: EngineFixture.intake(
                extra: "constraints:\n  max_concurrent_agents: 2\nagents:\n  planning: [a1, a2, a3, a4]"),
            agents: GatedAgent(gate: gate))
        defer { fixture.remove() }
        let run = Task { try await fixture.engine.start(intakePath: "intake.yaml") }
        await gate.waitForEntries(2)
        await gate.releaseOne()
        await gate.waitForEntries(3)
        await gate.releaseOne()
        await gate.waitForEntries(4)
        await gate.releaseAll()
        #expect(try await run.value.status == .completed)
        // How many agents had been let go when each one started: two at once, then one per freed slot.
        #expect(await gate.releasedAtEntry == [0, 0, 1, 2])
    }

    @Test(
        "the deterministic agent names a file each glob matches",
        arguments: [
            ("docs/plan.md", "docs/plan.md"), ("src/**/*.py", "src/main.py"),
            ("tests/**/test_*.py", "tests/test_main.py"),
            ("data/?.sql", "data/x.sql"), ("out/[abc]*.txt", "out/amain.txt"), ("**/README.md", "README.md"),
            ("logs/[!x]", "logs/y"),
        ])
    func concretePaths(pattern: String, expected: String) throws {
        #expect(ArtifactNaming.path(for: try GlobPattern(pattern), stem: "main") == expected)
    }

    @Test(
        "checkpoint names are read as users write them",
        arguments: [("CP2", 2), ("cp6", 6), ("1", 1), ("CP0", nil), ("CP7", nil), ("checkpoint", nil), ("", nil)]
            as [(String, Int?)])
    func checkpointNames(text: String, number: Int?) {
        #expect(CheckpointName.number(text) == number)
    }

    @Test(
        "workflow ids start with a readable slug of the project name",
        arguments: [
            ("Customer Analytics Platform", "customer-analytics-platform"), ("  ACME -- v2!  ", "acme-v2"),
            ("日本語", "workflow"), ("", "workflow"),
        ])
    func slugs(name: String, slug: String) {
        #expect(ProjectSlug.make(name) == slug)
    }
}

/// Holds each planning agent until the test lets it go, and records how many had been let go when each arrived.
actor AgentGate {
    private(set) var releasedAtEntry: [Int] = []
    private var released = 0
    private var held: [CheckedContinuation<Void, Never>] = []
    private var entryWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var releasingAll = false

    func enter() async {
        releasedAtEntry.append(released)
        let ready = entryWaiters.filter { $0.count <= releasedAtEntry.count }
        entryWaiters.removeAll { $0.count <= releasedAtEntry.count }
        for waiter in ready { waiter.continuation.resume() }
        if releasingAll { return }
        await withCheckedContinuation { held.append($0) }
    }

    func waitForEntries(_ count: Int) async {
        if releasedAtEntry.count >= count { return }
        await withCheckedContinuation { entryWaiters.append((count, $0)) }
    }

    func releaseOne() {
        guard !held.isEmpty else { return }
        released += 1
        held.removeFirst().resume()
    }

    func releaseAll() {
        releasingAll = true
        while !held.isEmpty { releaseOne() }
    }

    @Test("after a rollback to CP2, the next phase measures its changes against CP2's tree, not a rolled-back one")
    func referenceAfterRollbackIsTheTarget() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let cp2 = try await fixture.engine.checkpoint(2, workflowID: report.id).snapshot.manifest
        _ = try await fixture.engine.rollback(to: 2, workflowID: report.id, dryRun: false, force: false)
        let reference = try #require(try await fixture.engine.history.latestManifest(workflowID: report.id))
        #expect(ObjectHash.of(contents: reference.serialized()).hex == cp2)
    }
}

/// An agent that waits at the gate in planning, so the test decides when each one finishes.
struct GatedAgent: AgentRunner {
    let gate: AgentGate

    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        if assignment.phase == .planning { await gate.enter() }
        return try await DeterministicAgentRunner().run(assignment, report: report)
    }

}
