import JSON
import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// Restores the workspace exactly to checkpoint `number`'s snapshot and marks later phases rolled back.
    ///
    /// Refuses, unless `force`, when files changed after the latest checkpoint would be destroyed. The workspace is
    /// restored before the store records the rollback: a crash between leaves a restored tree and a store that
    /// still says "passed", and running the rollback again finishes the job (a restore is idempotent).
    public func rollback(
        to number: Int, workflowID: String?, dryRun: Bool, force: Bool
    ) async throws(EngineError) -> RollbackReport {
        let (workflow, target, latest) = try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            let checkpoints = try tx.checkpoints(workflowID: workflow.id)
            guard
                let target = checkpoints.last(where: {
                    $0.number == number && $0.checkpointStatus == .passed && $0.prunedAt == nil
                })
            else {
                if checkpoints.contains(where: { $0.number == number }) {
                    throw EngineError(
                        .checkpointNotFound,
                        "CP\(number) of \(workflow.id) has no snapshot to restore: it was rolled back, failed or pruned"
                    )
                }
                throw Self.noCheckpoint(number, workflow: workflow)
            }
            let latest = checkpoints.last {
                $0.checkpointStatus != .rolledBack && $0.manifestHash != nil && $0.prunedAt == nil
            }
            return (workflow, target, latest)
        }
        let leaseHeld = try read { tx in try tx.lease(workflowID: workflow.id).map(ProcessIdentity.isAlive) } ?? false
        let runningHere = await runs.isRunning(workflow.id)
        if leaseHeld || runningHere {
            throw EngineError(.workflowBusy, "workflow \(workflow.id) is running; cancel it before rolling back")
        }
        let targetManifest = try manifest(target.manifestHash)
        let planned: WorkspaceChanges
        let unsaved: [String]
        do {
            planned = try snapshotter.restore(targetManifest, dryRun: true)
            let dirty = try latest.map { try snapshotter.changes(since: try manifest($0.manifestHash)) }
            let dirtyPaths = Set((dirty?.added ?? []) + (dirty?.modified ?? []) + (dirty?.removed ?? []))
            unsaved = (planned.added + planned.modified + planned.removed).filter(dirtyPaths.contains).sorted()
        } catch {
            throw Self.engineError(error)
        }
        let later = workflow.plannedPhases.filter { $0.checkpointNumber > number }
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
            throw Self.engineError(error)
        }
        try await recordRollback(workflow, to: number, later: later, report: report)
        return report
    }

    private func manifest(_ hex: String?) throws(EngineError) -> SnapshotManifest {
        guard let hex, let hash = ObjectHash(hex: hex) else {
            throw EngineError(.snapshot, "the checkpoint has no snapshot manifest")
        }
        do {
            return try objects.loadManifest(hash)
        } catch {
            throw EngineError(.snapshot, error.description)
        }
    }

    private func recordRollback(
        _ workflow: WorkflowRecord, to number: Int, later: [Phase], report: RollbackReport
    ) async throws(EngineError) {
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            let runs = try tx.phaseRuns(workflowID: workflow.id)
            for phase in later {
                guard var latest = runs.filter({ $0.phaseValue == phase }).max(by: { $0.attempt < $1.attempt }),
                    latest.phaseStatus != .rolledBack
                else { continue }
                latest.phaseStatus = .rolledBack
                latest.reason = "rolled back to CP\(number)"
                latest.endedAt = latest.endedAt ?? now
                try tx.update(latest)
            }
            for var checkpoint in try tx.checkpoints(workflowID: workflow.id)
            where checkpoint.number > number && checkpoint.checkpointStatus != .rolledBack {
                checkpoint.checkpointStatus = .rolledBack
                try tx.update(checkpoint)
            }
            guard var record = try tx.workflow(id: workflow.id) else { return }
            record.workflowStatus = later.isEmpty ? .completed : .paused
            record.reason =
                later.isEmpty
                ? nil : "rolled back to CP\(number); 'run resume' runs \(later.map(\.rawValue).joined(separator: ", "))"
            record.cancelRequested = false
            record.updatedAt = now
            try tx.update(record)
            try self.audit.append(
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
