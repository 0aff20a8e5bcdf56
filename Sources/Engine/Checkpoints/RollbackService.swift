import Model
import Snapshots
import StorePort

/// Restores a workspace to a checkpoint and records it: later phases are marked rolled back, history is kept.
struct RollbackService: Sendable {
    let context: EngineContext
    let history: CheckpointHistory
    let lease: WorkspaceLease
    let journal: RollbackJournal

    /// Restores the workspace exactly to checkpoint `number`'s snapshot and marks later phases rolled back.
    ///
    /// Refuses, unless `force`, when files changed after the latest checkpoint would be destroyed. Holds the
    /// workspace's lease throughout (no run, prune or other rollback changes the workspace meanwhile), and goes
    /// through the ``RollbackJournal``: intent recorded, tree restored, rollback recorded. A store that cannot be
    /// written stops it before the tree is touched; a rollback stopped halfway is finished by the next writer.
    func rollback(
        to number: Int, workflowID: String?, dryRun: Bool, force: Bool
    ) async throws(EngineError)
        -> RollbackReport
    {
        let workflow = try await context.workflow(workflowID)
        if dryRun {
            return try await plan(workflow, to: number, force: force, dryRun: true).report
        }
        return try await lease.holding(.rollback, workflowID: workflow.id) { () async throws(EngineError) in
            var (report, target) = try await plan(workflow, to: number, force: force, dryRun: false)
            let entry = try await journal.begin(
                workflowID: workflow.id, checkpoint: number, manifestHash: target)
            let applied = try journal.restore(entry)
            report.removed = applied.added
            report.restored = applied.modified
            report.recreated = applied.removed
            report.phasesRolledBack = try await journal.complete(entry, changes: applied)
            return report
        }
    }

    /// What rolling back would change, refused when it destroys unsaved changes without `force`; and the manifest
    /// it restores.
    private func plan(
        _ workflow: WorkflowRecord, to number: Int, force: Bool, dryRun: Bool
    ) async throws(EngineError) -> (report: RollbackReport, manifest: String) {
        let (target, latest) = try await context.read { tx in
            let checkpoints = try tx.checkpoints(workflowID: workflow.id)
            guard
                let target = checkpoints.last(where: {
                    $0.number == number && $0.status == .passed && $0.prunedAt == nil
                }), let manifest = target.manifestHash
            else {
                if checkpoints.contains(where: { $0.number == number }) {
                    throw EngineError(
                        .checkpointNotFound,
                        "CP\(number) of \(workflow.id) has no snapshot to restore: it was rolled back, failed or pruned"
                    )
                }
                throw CheckpointHistory.noCheckpoint(number, workflow: workflow)
            }
            let latest = checkpoints.last { $0.status != .rolledBack && $0.manifestHash != nil && $0.prunedAt == nil }
            return (manifest, latest)
        }
        let snapshotter = context.snapshotter
        let targetManifest = try history.manifest(target)
        let planned: WorkspaceChanges
        let unsaved: [String]
        do {
            planned = try snapshotter.restore(targetManifest, dryRun: true)
            let dirty = try latest.map { try snapshotter.changes(since: try history.manifest($0.manifestHash)) }
            let dirtyPaths = Set((dirty?.added ?? []) + (dirty?.modified ?? []) + (dirty?.removed ?? []))
            unsaved = (planned.added + planned.modified + planned.removed).filter(dirtyPaths.contains).sorted()
        } catch {
            throw EngineContext.engineError(error)
        }
        let later = workflow.phases.filter { $0.checkpointNumber > number }
        let report = RollbackReport(
            workflow: workflow.id, checkpoint: "CP\(number)", dryRun: dryRun, removed: planned.added,
            restored: planned.modified, recreated: planned.removed, phasesRolledBack: later,
            uncheckpointed: unsaved)
        if !unsaved.isEmpty && !force && !dryRun {
            throw EngineError(
                .uncheckpointedChanges,
                "rolling back to CP\(number) would destroy changes made after the latest checkpoint: "
                    + unsaved.prefix(10).joined(separator: ", ") + (unsaved.count > 10 ? " …" : "")
                    + " (use --force to discard them, or --dry-run to see every change)",
                files: unsaved)
        }
        return (report, target)
    }
}
