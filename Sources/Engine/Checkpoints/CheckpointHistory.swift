import Model
import Snapshots
import StorePort

/// Reads a workflow's checkpoints and their snapshots: lists, one checkpoint in full, manifests, the store's size.
struct CheckpointHistory: Sendable {
    let context: EngineContext

    /// Every checkpoint of a workflow, all attempts, oldest first.
    func checkpoints(workflowID: String?) async throws(EngineError) -> (workflow: String, [CheckpointSummary]) {
        try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            return (workflow.id, try tx.checkpoints(workflowID: workflow.id).map { try Self.summary($0, tx: tx) })
        }
    }

    /// The latest checkpoint numbered `number` in full, with the store's size.
    func checkpoint(_ number: Int, workflowID: String?) async throws(EngineError) -> CheckpointDetail {
        let detail = try await context.read { tx in
            let workflow = try context.workflow(workflowID, in: tx)
            guard let record = try tx.checkpoints(workflowID: workflow.id).last(where: { $0.number == number }) else {
                throw Self.noCheckpoint(number, workflow: workflow)
            }
            let summary = try Self.summary(record, tx: tx)
            let artifacts = try tx.artifacts(checkpointID: record.id ?? -1).map {
                CheckpointDetail.Artifact(pattern: $0.pattern, path: $0.path, size: $0.size, hash: $0.hash)
            }
            let agents = try tx.agentRuns(phaseRunID: record.phaseRunId).map { run in
                AgentSummary(
                    agent: run.agent, status: run.status.rawValue, steps: run.steps, summary: run.summary,
                    durationMs: run.endedAt.map { Double($0 - run.startedAt) })
            }
            let delegations = try tx.delegations(phaseRunID: record.phaseRunId).map { item in
                DelegationSummary(
                    id: item.delegation.id, parent: item.delegation.parent, subagent: item.delegation.subagent,
                    task: item.delegation.task, status: item.delegation.status, summary: item.delegation.summary,
                    changedPaths: item.delegation.changedPaths, startedAt: item.startedAt,
                    durationMs: item.endedAt.map { Double($0 - item.startedAt) })
            }
            let reviews = try tx.reviews(phaseRunID: record.phaseRunId).map(\.round)
            let snapshot = CheckpointDetail.Snapshot(
                manifest: record.prunedAt == nil ? record.manifestHash : nil, files: record.fileCount,
                totalBytes: record.totalBytes, hashedFiles: record.hashedFiles, reusedFiles: record.reusedFiles,
                newObjects: record.newObjects, newBytes: record.newBytes, durationMs: record.snapshotMs)
            return (workflow.id, summary, artifacts, snapshot, agents, delegations, reviews, record.review)
        }
        return CheckpointDetail(
            workflow: detail.0, checkpoint: detail.1, artifacts: detail.2, snapshot: detail.3, agents: detail.4,
            delegations: detail.5, reviews: detail.6, review: detail.7, store: try storeSize())
    }

    static func summary(_ record: CheckpointRecord, tx: any StoreTransaction) throws -> CheckpointSummary {
        CheckpointSummary(
            checkpoint: "CP\(record.number)", number: record.number, phase: record.phase, attempt: record.attempt,
            status: record.status.rawValue, createdAt: record.createdAt, files: record.fileCount,
            totalBytes: record.totalBytes, newBytes: record.newBytes, addedFiles: record.addedFiles,
            addedBytes: record.addedBytes, phaseMs: record.phaseMs,
            snapshotMs: record.snapshotMs, artifacts: try tx.artifacts(checkpointID: record.id ?? -1).count,
            missing: record.missing, pruned: record.prunedAt != nil)
    }

    static func noCheckpoint(_ number: Int, workflow: WorkflowRecord) -> EngineError {
        let phase = Phase.allCases.first { $0.checkpointNumber == number }
        if let phase, !workflow.phases.contains(phase) {
            return EngineError(
                .checkpointNotFound,
                "workflow \(workflow.id) has no CP\(number): its phases do not include \(phase.rawValue)")
        }
        return EngineError(
            .checkpointNotFound,
            "workflow \(workflow.id) has no CP\(number) yet: \(phase?.rawValue ?? "that phase") has not reached its checkpoint"
        )
    }

    /// The object store's and the database's size on disk.
    func storeSize() throws(EngineError) -> CheckpointDetail.StoreSize {
        do {
            let usage = try context.objects.usage()
            return CheckpointDetail.StoreSize(
                objects: usage.objects, objectBytes: Int64(clamping: usage.bytes),
                databaseBytes: context.store.bytesOnDisk())
        } catch {
            throw EngineContext.engineError(error)
        }
    }

    /// The manifest of the workflow's most recent checkpoint that still has one, to reuse unchanged files' hashes.
    ///
    /// Rolled-back checkpoints do not count: after a rollback to CPn the workspace is CPn's tree, so what later
    /// phases changed (for `new_code_only` gates, what a checkpoint added) is measured against CPn.
    func latestManifest(workflowID: String) async throws(EngineError) -> SnapshotManifest? {
        let latest = try await context.read { tx in
            try tx.checkpoints(workflowID: workflowID).last {
                $0.manifestHash != nil && $0.prunedAt == nil && $0.status != .rolledBack
            }
        }
        guard let hex = latest?.manifestHash, let hash = ObjectHash(hex: hex) else { return nil }
        return try? context.objects.loadManifest(hash)
    }

    /// A stored manifest by its hash.
    func manifest(_ hex: String?) throws(EngineError) -> SnapshotManifest {
        guard let hex, let hash = ObjectHash(hex: hex) else {
            throw EngineError(.snapshot, "the checkpoint has no snapshot manifest")
        }
        do {
            return try context.objects.loadManifest(hash)
        } catch {
            throw EngineError(.snapshot, error.description)
        }
    }
}
