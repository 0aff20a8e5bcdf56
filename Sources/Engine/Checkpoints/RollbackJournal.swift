import JSON
import Model
import Snapshots
import StorePort

/// A rollback in three steps, each durable before the next: its intent is recorded (the journal), the workspace is
/// restored, then the rollback is recorded and its journal entry marked done, in one transaction.
///
/// A store that cannot be written stops a rollback at the first step, before the tree is touched. A rollback stopped
/// after it (killed, the disk full) leaves a pending entry, and the next process to take the workspace's lease — a
/// resume, a second rollback, a prune — finishes it before doing anything else: it restores the recorded manifest
/// again (a restore is idempotent) and records the rollback. A rollback is finished, never undone: its intent was
/// recorded, and the tree may be partly restored already.
struct RollbackJournal: Sendable {
    let context: EngineContext
    let history: CheckpointHistory

    /// Records the intent to restore a workflow to a checkpoint's manifest.
    func begin(workflowID: String, checkpoint: Int, manifestHash: String) async throws(EngineError) -> RollbackRecord {
        let now = context.clock.nowMilliseconds()
        return try await context.commit { tx, _ in
            var entry = RollbackRecord(
                workflowID: workflowID, checkpoint: checkpoint, manifestHash: manifestHash, startedAt: now)
            try tx.insert(&entry)
            return entry
        }
    }

    /// Makes the workspace's tree exactly the entry's manifest; returns what differed.
    func restore(_ entry: RollbackRecord) throws(EngineError) -> WorkspaceChanges {
        let manifest = try history.manifest(entry.manifestHash)
        do {
            return try context.snapshotter.restore(manifest, dryRun: false)
        } catch {
            throw EngineContext.engineError(error)
        }
    }

    /// Finishes a rollback an earlier process recorded and did not complete.
    func finish(_ entry: RollbackRecord) async throws(EngineError) {
        let changes: WorkspaceChanges
        do {
            changes = try restore(entry)
        } catch {
            throw EngineError(
                error.code,
                "an interrupted rollback of \(entry.workflowId) to CP\(entry.checkpoint) cannot be finished: "
                    + error.message)
        }
        try await complete(entry, changes: changes, interrupted: true)
    }

    /// Records the rollback — later phases and checkpoints marked rolled back, the workflow paused (or completed
    /// when nothing follows), an audit entry and an event — and marks the journal entry done, in one transaction.
    /// Returns the phases rolled back.
    @discardableResult
    func complete(
        _ entry: RollbackRecord, changes: WorkspaceChanges, interrupted: Bool = false
    ) async throws(EngineError) -> [Phase] {
        let now = context.clock.nowMilliseconds()
        let audit = context.audit
        let number = entry.checkpoint
        let later = try await context.commit { tx, published -> [Phase] in
            guard var record = try tx.workflow(id: entry.workflowId) else { return [] }
            let later = record.phases.filter { $0.checkpointNumber > number }
            let runs = try tx.phaseRuns(workflowID: record.id)
            for phase in later {
                guard var latest = runs.filter({ $0.phase == phase }).max(by: { $0.attempt < $1.attempt }),
                    latest.status != .rolledBack
                else { continue }
                latest.status = .rolledBack
                latest.reason = "rolled back to CP\(number)"
                latest.endedAt = latest.endedAt ?? now
                try tx.update(latest)
            }
            for var checkpoint in try tx.checkpoints(workflowID: record.id)
            where checkpoint.number > number && checkpoint.status != .rolledBack {
                checkpoint.status = .rolledBack
                try tx.update(checkpoint)
            }
            record.status = later.isEmpty ? .completed : .paused
            record.reason =
                later.isEmpty
                ? nil : "rolled back to CP\(number); 'run resume' runs \(later.map(\.rawValue).joined(separator: ", "))"
            record.cancelRequested = false
            record.updatedAt = now
            try tx.update(record)
            var inputs: [String: JSONValue] = [
                "checkpoint": .string("CP\(number)"), "later": .array(later.map { .string($0.rawValue) }),
                "removed": .integer(Int64(changes.added.count)),
                "restored": .integer(Int64(changes.modified.count)),
                "recreated": .integer(Int64(changes.removed.count)),
            ]
            // Finished by a later process: the counts are what was left to do, not the whole rollback.
            if interrupted { inputs["interrupted"] = .bool(true) }
            try audit.append(
                tx, workflow: record.id, phase: Phase.allCases.first { $0.checkpointNumber == number },
                action: .checkpointRolledBack, inputs: .object(inputs), outcome: "rolled_back")
            var done = entry
            done.state = .done
            done.endedAt = now
            try tx.update(done)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: record.id, kind: .rolledBack, timestamp: now, checkpoint: number,
                        message: (interrupted ? "finished an interrupted rollback: " : "")
                            + "\(changes.added.count) removed, \(changes.modified.count) restored, "
                            + "\(changes.removed.count) recreated")))
            return later
        }
        await context.signAuditHead(of: entry.workflowId)
        return later
    }

    /// Removes the engine's temporary files a dead process left in the tree.
    func removeTemporaryFiles() throws(EngineError) {
        do {
            _ = try EngineTemporaryFiles.removeAll(in: context.layout.root)
        } catch {
            throw EngineContext.engineError(error)
        }
    }
}
