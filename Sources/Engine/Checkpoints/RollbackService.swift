import JSON
import Model
import Snapshots
import StorePort

/// Restores a workspace to a checkpoint and records it: later phases are marked rolled back, history is kept.
struct RollbackService: Sendable {
    let context: EngineContext
    let history: CheckpointHistory

    /// Restores the workspace exactly to checkpoint `number`'s snapshot and marks later phases rolled back.
    ///
    /// Refuses, unless `force`, when files changed after the latest checkpoint would be destroyed. The workspace is
    /// restored before the store records the rollback: a crash between leaves a restored tree and a store that
    /// still says "passed", and running the rollback again finishes the job (a restore is idempotent).
    func rollback(
        to number: Int, workflowID: String?, dryRun: Bool, force: Bool
    ) async throws(EngineError)
        -> RollbackReport
    {
        let (workflow, target, latest, leaseHeld) = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            let checkpoints = try tx.checkpoints(workflowID: workflow.id)
            guard
                let target = checkpoints.last(where: {
                    $0.number == number && $0.status == .passed && $0.prunedAt == nil
                })
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
            return (workflow, target, latest, try WorkflowLease.isHeld(workflow.id, in: tx))
        }
        let runningHere = await context.runs.isRunning(workflow.id)
        if leaseHeld || runningHere {
            throw EngineError(.workflowBusy, "workflow \(workflow.id) is running; cancel it before rolling back")
        }
        let snapshotter = context.snapshotter
        let targetManifest = try history.manifest(target.manifestHash)
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
        var report = RollbackReport(
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
        if dryRun { return report }
        do {
            let applied = try snapshotter.restore(targetManifest, dryRun: false)
            report.removed = applied.added
            report.restored = applied.modified
            report.recreated = applied.removed
        } catch {
            throw EngineContext.engineError(error)
        }
        try await record(workflow, to: number, later: later, report: report)
        return report
    }

    private func record(
        _ workflow: WorkflowRecord, to number: Int, later: [Phase], report: RollbackReport
    ) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        let audit = context.audit
        try await context.commit { tx, published in
            let runs = try tx.phaseRuns(workflowID: workflow.id)
            for phase in later {
                guard var latest = runs.filter({ $0.phase == phase }).max(by: { $0.attempt < $1.attempt }),
                    latest.status != .rolledBack
                else { continue }
                latest.status = .rolledBack
                latest.reason = "rolled back to CP\(number)"
                latest.endedAt = latest.endedAt ?? now
                try tx.update(latest)
            }
            for var checkpoint in try tx.checkpoints(workflowID: workflow.id)
            where checkpoint.number > number && checkpoint.status != .rolledBack {
                checkpoint.status = .rolledBack
                try tx.update(checkpoint)
            }
            guard var record = try tx.workflow(id: workflow.id) else { return }
            record.status = later.isEmpty ? .completed : .paused
            record.reason =
                later.isEmpty
                ? nil : "rolled back to CP\(number); 'run resume' runs \(later.map(\.rawValue).joined(separator: ", "))"
            record.cancelRequested = false
            record.updatedAt = now
            try tx.update(record)
            try audit.append(
                tx, workflow: workflow.id, phase: Phase.allCases.first { $0.checkpointNumber == number },
                action: .checkpointRolledBack,
                inputs: .object([
                    "checkpoint": .string("CP\(number)"), "later": .array(later.map { .string($0.rawValue) }),
                    "removed": .integer(Int64(report.removed.count)),
                    "restored": .integer(Int64(report.restored.count)),
                    "recreated": .integer(Int64(report.recreated.count)),
                ]), outcome: "rolled_back")
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: workflow.id, kind: .rolledBack, timestamp: now, checkpoint: number,
                        message:
                            "\(report.removed.count) removed, \(report.restored.count) restored, "
                            + "\(report.recreated.count) recreated")))
        }
    }
}
