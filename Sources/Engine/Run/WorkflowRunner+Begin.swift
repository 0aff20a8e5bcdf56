import Model
import StorePort

extension WorkflowRunner {
    /// With the workspace's lease held: attempts left running by a process that is gone end as interrupted, to run
    /// again as new attempts; a resume records that it resumed. Returns false when a start finds its workflow
    /// already cancelled: a cancel recorded before the run began.
    ///
    /// A resume that found its intake edited adopts the edit in the same transaction (`intake`), so the run, the
    /// record and the audit trail agree on which intake ran.
    func begin(
        _ id: String, mode: WorkflowEngine.RunMode, adopting intake: IntakeChange? = nil
    ) async throws(EngineError) -> Bool {
        let now = context.clock.nowMilliseconds()
        let audit = context.audit
        return try await context.commit { tx, published in
            guard var workflow = try tx.workflow(id: id) else { return true }
            if mode == .start && workflow.status == .cancelled { return false }
            for var run in try tx.phaseRuns(workflowID: id) where run.status == .running {
                run.status = .interrupted
                run.reason = "interrupted: the process running it stopped"
                run.endedAt = now
                try tx.update(run)
                for var agentRun in try tx.agentRuns(phaseRunID: run.id ?? -1) where !agentRun.status.isSettled {
                    agentRun.status = .interrupted
                    agentRun.endedAt = now
                    try tx.update(agentRun)
                }
            }
            if mode == .start && workflow.status == .pending {
                workflow.status = .running
                workflow.updatedAt = now
                try tx.update(workflow)
            }
            if mode == .resume {
                let previous = workflow.status
                var message = "was \(previous.rawValue)"
                if let intake, workflow.intakeText != intake.prepared.text {
                    // Checked again under the write: another resume may have adopted a different edit meanwhile.
                    guard IntakeChange.sha256(workflow.intakeText) == intake.previousHash else {
                        throw EngineError(
                            .invalidState,
                            "workflow \(id)'s intake changed while this resume read it; run 'orchestrator run resume' again"
                        )
                    }
                    if let refusal = intake.refusal(for: workflow, runs: try tx.phaseRuns(workflowID: id)) {
                        throw EngineError(.invalidState, refusal, file: intake.shownPath)
                    }
                    message += "; " + (try intake.adopt(into: &workflow, in: tx, audit: audit))
                }
                workflow.status = .running
                workflow.reason = nil
                workflow.cancelRequested = false
                workflow.updatedAt = now
                try tx.update(workflow)
                published.append(
                    try tx.append(WorkflowEvent(workflowID: id, kind: .resumed, timestamp: now, message: message)))
            }
            return true
        }
    }

    /// A start refused because another writer took the workspace between the workflow's creation and its run (a
    /// detached start, two starts at once): the workflow says why it did not start, rather than stay pending.
    func recordNotStarted(_ id: String, because refusal: EngineError) async {
        let now = context.clock.nowMilliseconds()
        try? await context.commit { tx, published in
            guard var workflow = try tx.workflow(id: id), workflow.status == .pending else { return }
            let reason = "not started: \(refusal.message); 'run resume' starts it"
            workflow.status = .failed
            workflow.reason = reason
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(WorkflowEvent(workflowID: id, kind: .failed, timestamp: now, message: reason)))
        }
    }
}
