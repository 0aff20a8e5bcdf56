import Model
import Snapshots
import StorePort

/// Retention: drops old attempts' snapshots and collects the objects no remaining snapshot references.
///
/// The rule that keeps garbage collection from deleting what a concurrent writer references: the whole prune — the
/// mark (which snapshots stay, read from the store) and the sweep (deleting every other object) — runs under the
/// workspace's lease, which every process that writes objects or records snapshots (runs, their agents' working
/// copies, rollbacks) holds while it does. No writer can add a reference between the mark and the sweep. As a second
/// line, an object written after the mark began is never swept (git's `gc.pruneExpire` grace, here as long as the
/// prune), and a temporary file is removed only when its writer is gone.
struct RetentionService: Sendable {
    let context: EngineContext
    let history: CheckpointHistory
    let lease: WorkspaceLease

    /// Drops the snapshots of all but the last `keepLast` attempts of each checkpoint, then deletes objects no
    /// remaining snapshot references. Checkpoint records stay (marked pruned): history is never deleted.
    func prune(keepLast: Int) async throws(EngineError) -> PruneReport {
        guard keepLast >= 1 else {
            throw EngineError(.invalidState, "--keep-last must be at least 1 (the latest snapshot is always kept)")
        }
        return try await lease.holding(.prune, workflowID: nil) { () async throws(EngineError) in
            try await pruneHoldingLease(keepLast: keepLast)
        }
    }

    private func pruneHoldingLease(keepLast: Int) async throws(EngineError) -> PruneReport {
        let now = context.clock.nowMilliseconds()
        let markStarted = ObjectStore.now()
        let keep = try await context.commit { tx, _ -> (dropped: Int, manifests: [ObjectHash]) in
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
            var manifests = try tx.allCheckpoints().filter { $0.prunedAt == nil }.compactMap {
                $0.manifestHash.flatMap(ObjectHash.init(hex:))
            }
            // Finished before the lease was handed over, so none is pending here; kept all the same, since a pending
            // rollback needs its manifest to be finished.
            manifests += try tx.unfinishedRollbacks().compactMap { ObjectHash(hex: $0.manifestHash) }
            return (dropped, manifests)
        }
        do {
            let collected = try context.objects.collectGarbage(keeping: keep.manifests, sparingNewerThan: markStarted)
            return PruneReport(
                keepLast: keepLast, snapshotsDropped: keep.dropped, objectsRemoved: collected.removedObjects,
                bytesFreed: Int64(clamping: collected.freedBytes), store: try history.storeSize())
        } catch {
            throw EngineContext.engineError(error)
        }
    }
}
