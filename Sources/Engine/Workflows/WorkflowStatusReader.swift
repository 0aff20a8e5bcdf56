import Model
import StorePort

/// Answers where workflows stand, from the store: status reports, lists and stored events.
struct WorkflowStatusReader: Sendable {
    let context: EngineContext

    /// Where a workflow stands (the latest one when `workflowID` is nil).
    func report(workflowID: String?) async throws(EngineError) -> WorkflowReport {
        try await context.read { tx in
            try Self.report(try context.workflow(workflowID, in: tx), tx: tx)
        }
    }

    /// Every workflow in the workspace, oldest first.
    func list() async throws(EngineError) -> [WorkflowReport] {
        try await context.read { tx in try tx.workflows().map { try Self.report($0, tx: tx) } }
    }

    /// Stored events of a workflow after a sequence number (for late subscribers and replays).
    func storedEvents(workflowID: String?, after sequence: Int64) async throws(EngineError) -> [WorkflowEvent] {
        try await context.read { tx in
            try tx.events(workflowID: try context.workflow(workflowID, in: tx).id, after: sequence)
        }
    }

    static func report(_ workflow: WorkflowRecord, tx: any StoreTransaction) throws -> WorkflowReport {
        let runs = try tx.phaseRuns(workflowID: workflow.id)
        let checkpoints = try tx.checkpoints(workflowID: workflow.id)
        let phases = try workflow.phases.map { phase -> WorkflowReport.PhaseReport in
            let latest = runs.filter { $0.phase == phase }.max { $0.attempt < $1.attempt }
            let checkpoint = checkpoints.last { $0.phaseRunId == latest?.id }
            let delegations = try latest?.id.map { try tx.delegations(phaseRunID: $0) } ?? []
            var subagents: [String] = []
            for record in delegations where !subagents.contains(record.delegation.subagent) {
                subagents.append(record.delegation.subagent)
            }
            let rounds = try latest?.id.map { try tx.reviews(phaseRunID: $0).map(\.round) } ?? []
            return WorkflowReport.PhaseReport(
                phase: phase, checkpoint: "CP\(phase.checkpointNumber)", status: latest?.status ?? .pending,
                attempt: latest?.attempt ?? 0, agents: latest?.agents ?? [], startedAt: latest?.startedAt,
                endedAt: latest?.endedAt, durationMs: checkpoint?.phaseMs ?? latest.flatMap(Self.elapsed),
                reason: latest?.reason, artifacts: try checkpoint?.id.map { try tx.artifacts(checkpointID: $0).count },
                subagents: subagents, delegations: delegations.count,
                review: ReviewSummary(rounds: rounds, outcome: checkpoint?.review))
        }
        let live = try WorkspaceLease.runningWorkflow(in: tx) == workflow.id
        return WorkflowReport(
            id: workflow.id, project: workflow.project, status: workflow.status, reason: workflow.reason,
            workspace: workflow.workspace, intake: workflow.intakePath, createdAt: workflow.createdAt,
            updatedAt: workflow.updatedAt, durationMs: Double(workflow.updatedAt - workflow.createdAt), live: live,
            interrupted: workflow.status == .interrupted || (workflow.status == .running && !live), phases: phases,
            tokens: try BudgetService.tokenTotals(of: workflow.id, in: tx))
    }

    private static func elapsed(_ run: PhaseRunRecord) -> Double? {
        guard let start = run.startedAt, let end = run.endedAt else { return nil }
        return Double(end - start)
    }
}
