import Model
import StorePort

/// Records new workflows from validated intakes.
struct WorkflowCreator: Sendable {
    let context: EngineContext

    /// Records a new workflow (not yet run) and its `workflow.started` event; refused, recording nothing, while
    /// another writer holds the workspace (one writer per workspace: the new workflow could not run).
    func create(_ intake: PreparedIntake) async throws(EngineError) -> WorkflowRecord {
        let (absolute, text, plan) = (intake.path, intake.text, intake.plan)
        let now = context.clock.nowMilliseconds()
        let slug = ProjectSlug.make(plan.intake.project.name)
        let created = try await WorkspaceLease.waitingForShortHolders { () async throws(EngineError) in
            try await record(slug: slug, plan: plan, path: absolute, text: text, at: now)
        }
        context.setAsideAuditHead(of: created.id)
        return created
    }

    private func record(
        slug: String, plan: WorkflowPlan, path absolute: String, text: String, at now: Int64
    ) async throws(EngineError) -> WorkflowRecord {
        let workspace = context.layout.root
        return try await context.commit { tx, published in
            try WorkspaceLease.refuseIfBusy(in: tx, root: workspace)
            let number = try tx.nextWorkflowNumber(slug: slug)
            let record = WorkflowRecord(
                id: "\(slug)-\(number)", project: plan.intake.project.name, slug: slug, number: number,
                intakePath: absolute, intakeText: text, workspace: workspace, phases: plan.phases.map(\.phase),
                status: .pending, createdAt: now)
            try tx.insert(record)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: record.id, kind: .workflowStarted, timestamp: now,
                        message: "\(plan.phases.count) phases: "
                            + plan.phases.map(\.phase.rawValue).joined(separator: ", "))))
            return record
        }
    }

    /// The plan a stored workflow was started with.
    static func plan(of workflow: WorkflowRecord) throws(EngineError) -> WorkflowPlan {
        try PreparedIntake.plan(intakeBytes: Array(workflow.intakeText.utf8), path: workflow.intakePath)
    }
}
