import Config
import Governance
import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The latest gate findings of a workspace as diagnostics, by the absolute path of the file they are shown on.
///
/// Paths are spelled as `FileURI.path(of:)` spells a client's URI, so an open document finds its own.
struct GateDiagnostics: Sendable, Equatable {
    private(set) var byPath: [String: [Diagnostic]] = [:]

    /// No diagnostics: no store, or a session without a workspace root.
    init() {}

    /// The diagnostics of `evaluations`; `intakeText` gives an intake file's bytes (the editor's buffer when
    /// open), nil when it cannot be read, and the text recorded when the workflow started is used instead.
    init(_ evaluations: [StoredGateEvaluation], root: String, intakeText: (String) -> [UInt8]?) {
        for stored in evaluations {
            for record in stored.results {
                self.add(Self.result(of: record), of: stored, root: root, intakeText: intakeText)
            }
        }
        // One finding can be reported by the same gate at two phases (development and qa, say): show it once.
        for (path, diagnostics) in self.byPath {
            var seen = Set<Diagnostic>()
            self.byPath[path] = diagnostics.filter { seen.insert($0).inserted }
        }
    }

    /// The diagnostics shown on `path`.
    subscript(path: String) -> [Diagnostic] {
        self.byPath[path] ?? []
    }

    /// Every path that has diagnostics.
    var paths: Set<String> { Set(self.byPath.keys) }

    /// The path a client's URI for `path` maps back to: what keys `byPath`.
    static func canonical(_ path: String) -> String {
        FileURI.path(of: FileURI.from(path: path)) ?? path
    }

    private mutating func add(
        _ result: GateResult, of stored: StoredGateEvaluation, root: String, intakeText: (String) -> [UInt8]?
    ) {
        let failing = result.status == .failed || result.status == .error
        var located = false
        for finding in result.findings {
            guard let file = finding.file else { continue }
            located = true
            self.append(
                Diagnostic(
                    range: finding.range ?? .zero, severity: Self.severity(finding.severity, failing: failing),
                    code: result.gateID, message: finding.message),
                to: Self.absolute(file, root: root))
        }
        for finding in result.waivedFindings {
            guard let file = finding.file else { continue }
            self.append(
                Diagnostic(
                    range: finding.range ?? .zero, severity: .information, code: result.gateID,
                    message: finding.message + " (waived)"),
                to: Self.absolute(file, root: root))
        }
        guard failing, !located, let workflow = stored.workflow else { return }
        let intake = Self.canonical(Self.intakePath(of: workflow, root: root))
        let phase = stored.evaluation.phase
        let bytes = intakeText(intake) ?? Array(workflow.intakeText.utf8)
        self.append(
            Diagnostic(
                range: IntakePhaseLocator.range(of: phase.rawValue, in: bytes),
                severity: Self.severity(result.severity, failing: true), code: result.gateID,
                message: "\(phase.rawValue): \(result.message)"),
            to: intake)
    }

    mutating func append(_ diagnostic: Diagnostic, to path: String) {
        self.byPath[path, default: []].append(diagnostic)
    }

    /// Error only for what stops a workflow: findings of a gate that passed (a linter under its `max_findings`)
    /// are still worth seeing, but an error in the editor would claim they block.
    static func severity(_ severity: GateConfig.Severity, failing: Bool) -> Diagnostic.Severity {
        severity == .blocking && failing ? .error : .warning
    }

    /// The stored result; a detail this build cannot read (a newer engine's, say) still names the gate and its
    /// status, which is enough to show a failure on the intake.
    static func result(of record: GateResultRecord) -> GateResult {
        if let decoded = try? JSONDecoder().decode(GateResult.self, from: Data(record.detail.utf8)) {
            return decoded
        }
        return GateResult(
            gateID: record.gate, type: .metric, severity: record.severity, status: record.status,
            message: "gate '\(record.gate)' \(record.status.rawValue)")
    }

    /// A finding's workspace-relative file under the session's root.
    static func absolute(_ file: String, root: String) -> String {
        if file.hasPrefix("/") { return canonical(file) }
        return canonical(root == "/" ? "/" + file : root + "/" + file)
    }

    /// The workflow's intake under the session's root: the run may have spelled the workspace differently
    /// (through a symbolic link, say), and the editor knows the files by its own spelling.
    static func intakePath(of workflow: WorkflowRecord, root: String) -> String {
        let workspace = workflow.workspace.hasSuffix("/") ? workflow.workspace : workflow.workspace + "/"
        guard workflow.intakePath.hasPrefix(workspace) else { return workflow.intakePath }
        return absolute(String(workflow.intakePath.dropFirst(workspace.count)), root: root)
    }
}
