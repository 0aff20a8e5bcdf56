import Engine
import Foundation
import Model
import SQLiteStore
import StorePort

/// A temporary workspace with a real state store, filled the way a run records its gate evaluations.
struct GateWorkspace {
    let root: String
    let store: any WorkflowStore

    /// How these tests open stores: the embedded adapter, as the executable wires it.
    static let openStore: WorkflowStoreOpener = { layout, access in
        try await SQLiteWorkflowStore.open(path: layout.database, access: access)
    }

    static func make() async throws -> GateWorkspace {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let root = url.resolvingSymlinksInPath().path
        return GateWorkspace(root: root, store: try await openStore(WorkspaceLayout(root: root), .readWrite))
    }

    var databasePath: String { self.root + "/.orchestrator/state.db" }

    func write(_ text: String, to relative: String) throws {
        let url = URL(fileURLWithPath: self.root + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.root)
    }

    /// Records a workflow whose intake is `intake.yaml` in this workspace, with `intakeText` as started.
    func insertWorkflow(_ id: String, intakeText: String) async throws {
        let root = self.root
        try await self.store.write { tx in
            try tx.insert(
                WorkflowRecord(
                    id: id, project: "p", slug: "p", number: 1, intakePath: root + "/intake.yaml",
                    intakeText: intakeText, workspace: root, phases: [.development, .qa], status: .paused,
                    createdAt: 1))
        }
    }

    /// Records one evaluation of `phase` with results given as (gate, status, severity, detail JSON).
    func insertEvaluation(
        workflow: String, phase: Phase, results: [(String, GateStatus, GateSeverity, String)]
    ) async throws {
        let rows = results.map { GateResultRecord(gate: $0.0, status: $0.1, severity: $0.2, detail: $0.3) }
        try await self.store.write { tx in
            var evaluation = GateEvaluationRecord(
                workflowID: workflow, phase: phase, attempt: 1, checkpointID: nil, trigger: .checkpoint,
                blocked: rows.contains { $0.status == .failed }, evaluatedAt: 1)
            try tx.insert(&evaluation, results: rows)
        }
    }
}

/// JSON a `GateResult` is stored as, written by hand so the test does not depend on the encoder it checks.
enum GateResultJSON {
    /// A position as `SourcePosition` encodes it: every column unit, and the byte offset.
    static func position(line: Int, scalar: Int, utf16: Int, utf8: Int, offset: Int) -> String {
        """
        {"line":\(line),"scalarColumn":\(scalar),"utf16Column":\(utf16),"utf8Column":\(utf8),"offset":\(offset)}
        """
    }

    /// A finding in `file`, on ASCII columns of `line`.
    static func finding(
        _ gate: String, _ file: String?, line: Int, from: Int, to: Int, _ message: String,
        severity: String = "blocking"
    ) -> String {
        let file = file.map { "\"\($0)\"" } ?? "null"
        let range =
            "{\"start\":\(position(line: line, scalar: from, utf16: from, utf8: from, offset: from)),"
            + "\"end\":\(position(line: line, scalar: to, utf16: to, utf8: to, offset: to))}"
        return """
            {"gate_id":"\(gate)","file":\(file),"range":\(range),"message":"\(message)","severity":"\(severity)"}
            """
    }

    static func result(
        _ gate: String, type: String = "validator", severity: String = "blocking", status: String, message: String,
        findings: [String] = [], waived: [String] = []
    ) -> String {
        """
        {"gate_id":"\(gate)","type":"\(type)","severity":"\(severity)","status":"\(status)","message":"\(message)",\
        "findings":[\(findings.joined(separator: ","))],"waived_findings":[\(waived.joined(separator: ","))],\
        "waiver":null,"expired_waivers":[],"skipped_files":[],"duration_ms":3}
        """
    }
}
