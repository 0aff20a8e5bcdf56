import Glibc
import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// Every checkpoint of a workflow, all attempts, oldest first.
    public func checkpoints(workflowID: String?) throws(EngineError) -> (workflow: String, [CheckpointSummary]) {
        try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            return (workflow.id, try tx.checkpoints(workflowID: workflow.id).map { try Self.summary($0, tx: tx) })
        }
    }

    /// The latest checkpoint numbered `number` in full, with the store's size.
    public func checkpoint(_ number: Int, workflowID: String?) throws(EngineError) -> CheckpointDetail {
        let (workflow, record) = try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            guard let record = try tx.checkpoints(workflowID: workflow.id).last(where: { $0.number == number }) else {
                throw Self.noCheckpoint(number, workflow: workflow)
            }
            return (workflow, record)
        }
        return try read { tx in
            let summary = try Self.summary(record, tx: tx)
            let artifacts = try tx.artifacts(checkpointID: record.id ?? -1).map {
                CheckpointDetail.Artifact(pattern: $0.pattern, path: $0.path, size: $0.size, hash: $0.hash)
            }
            let agents = try tx.agentRuns(phaseRunID: record.phaseRunId).map { run in
                AgentSummary(
                    agent: run.agent, status: run.status, steps: run.steps, summary: run.summary,
                    durationMs: run.endedAt.map { Double($0 - run.startedAt) })
            }
            let snapshot = CheckpointDetail.Snapshot(
                manifest: record.prunedAt == nil ? record.manifestHash : nil, files: record.fileCount,
                totalBytes: record.totalBytes, hashedFiles: record.hashedFiles, reusedFiles: record.reusedFiles,
                newObjects: record.newObjects, newBytes: record.newBytes, durationMs: record.snapshotMs)
            return CheckpointDetail(
                workflow: workflow.id, checkpoint: summary, artifacts: artifacts, snapshot: snapshot, agents: agents,
                store: try storeSize())
        }
    }

    static func summary(_ record: CheckpointRecord, tx: StoreTransaction) throws -> CheckpointSummary {
        CheckpointSummary(
            checkpoint: "CP\(record.number)", number: record.number, phase: record.phaseValue, attempt: record.attempt,
            status: record.status, createdAt: record.createdAt, files: record.fileCount, totalBytes: record.totalBytes,
            newBytes: record.newBytes, phaseMs: record.phaseMs, snapshotMs: record.snapshotMs,
            artifacts: try tx.artifacts(checkpointID: record.id ?? -1).count, missing: record.missing,
            pruned: record.prunedAt != nil)
    }

    static func noCheckpoint(_ number: Int, workflow: WorkflowRecord) -> EngineError {
        let phase = Phase.allCases.first { $0.checkpointNumber == number }
        if let phase, !workflow.plannedPhases.contains(phase) {
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
    func storeSize() throws -> CheckpointDetail.StoreSize {
        let usage = try objects.usage()
        var databaseBytes: Int64 = 0
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            if stat(layout.database + suffix, &info) == 0 { databaseBytes += Int64(info.st_size) }
        }
        return CheckpointDetail.StoreSize(
            objects: usage.objects, objectBytes: Int64(clamping: usage.bytes), databaseBytes: databaseBytes)
    }
}
