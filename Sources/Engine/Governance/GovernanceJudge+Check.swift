import Config
import Governance
import JSON
import Model
import Snapshots
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension GovernanceJudge {
    /// Evaluates a phase's gates on the workspace as it is now, records the evaluation (trigger `check`) and
    /// audits it; the workflow's client chooses the client policy.
    func checkGates(
        phase: Phase, workflowID: String?, history: CheckpointHistory
    ) async throws(EngineError)
        -> GateCheckReport
    {
        let workflow = try await context.workflow(workflowID)
        let plan = try WorkflowCreator.plan(of: workflow)
        let policy = try effectivePolicy(client: plan.intake.project.client)
        let reference =
            try await history.latestManifest(workflowID: workflow.id) ?? SnapshotManifest(entries: [], createdAt: 0)
        let changes: WorkspaceChanges
        do {
            changes = try context.snapshotter.changes(since: reference)
        } catch {
            throw EngineContext.engineError(error)
        }
        let removed = Set(changes.removed)
        var files = Set(reference.entries.filter { $0.kind == .file && !removed.contains($0.path) }.map(\.path))
        files.formUnion(changes.added)
        let sorted = files.sorted()
        let patterns = plan.plan(for: phase)?.artifacts ?? []
        let missing = patterns.filter { pattern in !sorted.contains { pattern.matches($0) } }.map(\.text)
        let artifacts = sorted.filter { path in patterns.contains { $0.matches(path) } }.count
        let results = await judgeGates(
            policy: policy, workflowID: workflow.id, phase: phase, files: sorted,
            changed: reference.entries.isEmpty ? nil : Set(changes.added + changes.modified),
            artifactCount: artifacts, missing: missing)
        let evaluation = try await context.commit { tx, _ in
            try self.record(
                results, policy: policy, workflowID: workflow.id, phase: phase, attempt: nil, checkpointID: nil,
                trigger: .check, in: tx)
        }
        await context.signAuditHead(of: workflow.id)
        return GateCheckReport(
            workflow: workflow.id, phase: phase, trigger: evaluation.trigger.rawValue, blocked: evaluation.blocked,
            results: results)
    }
}
