import Model
import Store

extension WorkflowEngine {
    /// Where a workflow stands (the latest one when `workflowID` is nil).
    public func report(workflowID: String?) throws(EngineError) -> WorkflowReport {
        try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            return try Self.report(workflow, tx: tx)
        }
    }

    /// Every workflow in the workspace, oldest first.
    public func list() throws(EngineError) -> [WorkflowReport] {
        try read { tx in try tx.workflows().map { try Self.report($0, tx: tx) } }
    }

    static func report(_ workflow: WorkflowRecord, tx: StoreTransaction) throws -> WorkflowReport {
        let runs = try tx.phaseRuns(workflowID: workflow.id)
        let checkpoints = try tx.checkpoints(workflowID: workflow.id)
        let phases = try workflow.plannedPhases.map { phase -> WorkflowReport.PhaseReport in
            let latest = runs.filter { $0.phaseValue == phase }.max { $0.attempt < $1.attempt }
            let checkpoint = checkpoints.last { $0.phaseRunId == latest?.id }
            return WorkflowReport.PhaseReport(
                phase: phase, checkpoint: "CP\(phase.checkpointNumber)", status: latest?.phaseStatus ?? .pending,
                attempt: latest?.attempt ?? 0, agents: latest?.agentIDs ?? [], startedAt: latest?.startedAt,
                endedAt: latest?.endedAt, durationMs: checkpoint?.phaseMs ?? latest.flatMap(Self.elapsed),
                reason: latest?.reason, artifacts: try checkpoint?.id.map { try tx.artifacts(checkpointID: $0).count })
        }
        let lease = try tx.lease(workflowID: workflow.id)
        let live = lease.map(ProcessIdentity.isAlive) ?? false
        return WorkflowReport(
            id: workflow.id, project: workflow.project, status: workflow.workflowStatus, reason: workflow.reason,
            workspace: workflow.workspace, intake: workflow.intakePath, createdAt: workflow.createdAt,
            updatedAt: workflow.updatedAt, durationMs: Double(workflow.updatedAt - workflow.createdAt), live: live,
            interrupted: workflow.workflowStatus == .running && !live, phases: phases,
            tokens: try tokenTotals(of: workflow.id, in: tx))
    }

    private static func elapsed(_ run: PhaseRunRecord) -> Double? {
        guard let start = run.startedAt, let end = run.endedAt else { return nil }
        return Double(end - start)
    }

    /// Asks a workflow to stop: a live run stops before its next phase or when its agents return; a workflow no process runs is cancelled now.
    public func cancel(workflowID: String?) async throws(EngineError) -> WorkflowReport {
        let workflow = try read { tx in try self.workflow(workflowID, in: tx) }
        guard workflow.workflowStatus != .completed && workflow.workflowStatus != .cancelled else {
            throw EngineError(.invalidState, "workflow \(workflow.id) has already \(workflow.status)")
        }
        let live = try read { tx in try tx.lease(workflowID: workflow.id).map(ProcessIdentity.isAlive) ?? false }
        let runningHere = await runs.isRunning(workflow.id)
        if live || runningHere {
            try await commit { tx, _ in
                guard var record = try tx.workflow(id: workflow.id) else { return }
                record.cancelRequested = true
                record.updatedAt = clock.nowMilliseconds()
                try tx.update(record)
            }
        } else {
            try await markCancelled(workflow.id, reason: "cancelled on request")
        }
        return try report(workflowID: workflow.id)
    }

    /// Stored events of a workflow after a sequence number (for late subscribers and `run status --events`).
    public func storedEvents(workflowID: String?, after sequence: Int64 = 0) throws(EngineError) -> [WorkflowEvent] {
        try read { tx in
            let workflow = try self.workflow(workflowID, in: tx)
            return try tx.events(workflowID: workflow.id, after: sequence)
        }
    }
}
