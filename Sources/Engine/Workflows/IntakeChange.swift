import JSON
import Model
import Snapshots
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An intake file edited since its workflow last read it, validated and fit for the workflow's history: what a
/// resume adopts (docs/adr/0003, "Leases, attempts and events").
///
/// A resume reads the intake file again. Unchanged (or gone), the stored text runs. Changed, it must validate (else
/// the resume stops with its diagnostics and nothing changes) and must not rewrite what has already passed: the
/// project stays the same, phases that passed stay listed, and a new phase may not come before one that passed.
/// Otherwise the resume is refused with the command to run instead.
struct IntakeChange: Sendable {
    /// The new intake, read and resolved.
    let prepared: PreparedIntake
    /// SHA-256 of the text the workflow had, lowercase hex.
    let previousHash: String
    /// SHA-256 of the new text.
    let newHash: String
    /// The path as the user knows it (relative to the workspace when inside it).
    let shownPath: String

    /// The edited intake of `workflow`, or nil when its file is unchanged or no longer exists.
    ///
    /// - Throws: `.invalidIntake` with the diagnostics, `.unreadableInput`, or `.invalidState` naming the command
    ///   to run when the edit cannot apply to this workflow's history.
    static func detect(
        for workflow: WorkflowRecord, runs: [PhaseRunRecord], root: String
    ) throws(EngineError) -> IntakeChange? {
        guard FileManager.default.fileExists(atPath: workflow.intakePath) else { return nil }
        let shown = Self.shownPath(workflow.intakePath, root: root)
        let prepared = try PreparedIntake.read(at: workflow.intakePath, displayPath: shown)
        guard prepared.text != workflow.intakeText else { return nil }
        let change = IntakeChange(
            prepared: prepared, previousHash: Self.sha256(workflow.intakeText), newHash: Self.sha256(prepared.text),
            shownPath: shown)
        if let refusal = change.refusal(for: workflow, runs: runs) {
            throw EngineError(.invalidState, refusal, file: shown)
        }
        return change
    }

    /// Why this edit cannot apply to a workflow with this history, ending in what to run; nil when it can.
    func refusal(for workflow: WorkflowRecord, runs: [PhaseRunRecord]) -> String? {
        let intake = prepared.plan.intake
        let startNew = "orchestrator run start --intake \(shownPath)"
        if intake.project.name != workflow.project {
            return "\(shownPath) changed project.name from '\(workflow.project)' to '\(intake.project.name)' since "
                + "workflow \(workflow.id) started; a workflow keeps its project: put the name back and run "
                + "'orchestrator run resume', or start a new workflow: '\(startNew)'"
        }
        let planned = Set(prepared.plan.phases.map(\.phase))
        let passed = Self.passedPhases(runs)
        if let dropped = passed.first(where: { !planned.contains($0) }) {
            return "\(shownPath) no longer lists \(dropped.rawValue), which passed at CP\(dropped.checkpointNumber); "
                + "list it again and run 'orchestrator run resume', or start a new workflow: '\(startNew)'"
        }
        guard let lastPassed = passed.max() else { return nil }
        let added = planned.subtracting(workflow.phases).sorted()
        if let early = added.first(where: { $0 < lastPassed }) {
            let target = passed.filter { $0 < early }.max()
            // A rollback restores the intake file too, so the edit must be kept aside and put back.
            let then = target.map {
                "keep a copy of \(shownPath), roll back to the checkpoint before \(early.rawValue) with "
                    + "'orchestrator checkpoint rollback CP\($0.checkpointNumber) --force' (it restores \(shownPath) "
                    + "as that checkpoint recorded it), put your copy back, then run 'orchestrator run resume'"
            }
            return "\(shownPath) adds \(early.rawValue) before \(lastPassed.rawValue), which passed at "
                + "CP\(lastPassed.checkpointNumber); phases run in order: "
                + (then ?? "start a new workflow: '\(startNew)'")
        }
        return nil
    }

    /// Records the edit in a write transaction: the workflow's intake text and planned phases, and an
    /// `intake.changed` audit entry with both hashes. Returns the line the `workflow.resumed` event carries.
    func adopt(into workflow: inout WorkflowRecord, in tx: any StoreTransaction, audit: AuditLog) throws -> String {
        let phases = prepared.plan.phases.map(\.phase)
        try audit.append(
            tx, workflow: workflow.id, phase: nil, action: .intakeChanged,
            inputs: .object([
                "path": .string(shownPath), "previousSha256": .string(previousHash), "newSha256": .string(newHash),
                "previousPhases": .array(workflow.phases.map { .string($0.rawValue) }),
                "phases": .array(phases.map { .string($0.rawValue) }),
            ]), outcome: "adopted")
        workflow.intakeText = prepared.text
        workflow.phases = phases
        return "\(shownPath) changed since the last run (sha256 \(previousHash.prefix(12)) → \(newHash.prefix(12))); "
            + "running the new version"
    }

    /// The phases whose latest attempt passed (and was not rolled back).
    static func passedPhases(_ runs: [PhaseRunRecord]) -> [Phase] {
        Dictionary(grouping: runs, by: \.phase).compactMap { phase, attempts in
            attempts.max { $0.attempt < $1.attempt }?.status == .passed ? phase : nil
        }.sorted()
    }

    static func sha256(_ text: String) -> String {
        ObjectHash.of(contents: Array(text.utf8)).hex
    }

    private static func shownPath(_ path: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
