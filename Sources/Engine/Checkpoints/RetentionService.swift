import Model
import Snapshots
import StorePort

/// Retention: drops old attempts' snapshots and collects the objects no remaining snapshot references.
struct RetentionService: Sendable {
    let context: EngineContext
    let history: CheckpointHistory

    /// Drops the snapshots of all but the last `keepLast` attempts of each checkpoint, then deletes objects no
    /// remaining snapshot references. Checkpoint records stay (marked pruned): history is never deleted.
    func prune(keepLast: Int) async throws(EngineError) -> PruneReport {
        guard keepLast >= 1 else {
            throw EngineError(.invalidState, "--keep-last must be at least 1 (the latest snapshot is always kept)")
        }
        let now = context.clock.nowMilliseconds()
        let keep = try await context.commit { tx, _ -> (dropped: Int, manifests: [ObjectHash]) in
            for workflow in try tx.workflows() where try WorkflowLease.isHeld(workflow.id, in: tx) {
                throw EngineError(.workflowBusy, "workflow \(workflow.id) is running; prune when no workflow runs")
            }
            var dropped = 0
            let all = try tx.allCheckpoints()
            let groups = Dictionary(grouping: all) { "\($0.workflowId)/\($0.number)" }
            for group in groups.values {
                let newestFirst = group.sorted { $0.attempt > $1.attempt }
                for var checkpoint in newestFirst.dropFirst(keepLast)
                where checkpoint.prunedAt == nil && checkpoint.manifestHash != nil {
                    checkpoint.prunedAt = now
                    try tx.update(checkpoint)
                    dropped += 1
                }
            }
            let manifests = try tx.allCheckpoints().filter { $0.prunedAt == nil }.compactMap {
                $0.manifestHash.flatMap(ObjectHash.init(hex:))
            }
            return (dropped, manifests)
        }
        do {
            let collected = try context.objects.collectGarbage(keeping: keep.manifests)
            return PruneReport(
                keepLast: keepLast, snapshotsDropped: keep.dropped, objectsRemoved: collected.removedObjects,
                bytesFreed: Int64(clamping: collected.freedBytes), store: try history.storeSize())
        } catch {
            throw EngineContext.engineError(error)
        }
    }
}
