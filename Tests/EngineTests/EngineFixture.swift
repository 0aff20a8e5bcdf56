import Engine
import Foundation
import Governance
import Model
import SQLiteStore
import StorePort

/// A workspace in a temporary folder with an engine over a real store in it.
struct EngineFixture {
    let root: String
    let engine: WorkflowEngine

    /// How the engine tests open stores: the embedded adapter, as the executable wires it.
    static let openStore: WorkflowStoreOpener = { layout, access in
        try await SQLiteWorkflowStore.open(path: layout.database, access: access)
    }

    /// `store` wraps the store the engine gets (a test double that fails on demand); `auditHeads` keeps signed
    /// heads (in folders of the test's own, never the user's).
    static func make(
        intake: String = EngineFixture.intake(), agents: any AgentRunner = DeterministicAgentRunner(),
        auditHeads: AuditHeadKeeper? = nil,
        store wrap: @escaping @Sendable (any WorkflowStore) -> any WorkflowStore = { $0 }
    ) async throws -> EngineFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = folder.path
        try intake.write(toFile: root + "/intake.yaml", atomically: true, encoding: .utf8)
        let engine = try await WorkflowEngine.open(
            workspace: root, create: true, store: { layout, access in wrap(try await openStore(layout, access)) },
            agents: agents, auditHeads: auditHeads)
        return EngineFixture(root: root, engine: engine)
    }

    static func intake(
        phases: String = "[planning, architecture, development, qa, documentation]", extra: String = ""
    ) -> String {
        """
        project:
          name: "Test Project"
        requirements:
          - "Do the thing"
        phases: \(phases)
        \(extra)
        """
    }

    func file(_ path: String) -> String? {
        try? String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Every phase of the default intake requiring the same glob, so one file satisfies them all.
let everyPhaseNeedsDocs = """
    artifacts:
      planning: ["docs/*.md"]
      architecture: ["docs/*.md"]
      development: ["docs/*.md"]
      qa: ["docs/*.md"]
      documentation: ["docs/*.md"]
    """

/// An agent that writes nothing: its phase's checkpoint finds no artifacts.
struct IdleAgent: AgentRunner {
    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        AgentOutcome(status: .completed, summary: "idle", steps: 0)
    }
}

/// An agent that fails in one phase and otherwise behaves like the deterministic one.
struct FailingAgent: AgentRunner {
    var phase: Phase

    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        if assignment.phase == phase {
            return AgentOutcome(status: .failed(reason: "model refused"), summary: "", steps: 1)
        }
        return try await DeterministicAgentRunner().run(assignment, report: report)
    }
}
