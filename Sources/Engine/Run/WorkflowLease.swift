import Model
import StorePort

/// A workflow's lease in the store: which process runs it. Taking it also settles what a dead holder left running.
struct WorkflowLease: Sendable {
    let context: EngineContext

    /// Takes the lease (refused while another live process holds it); attempts left running by a process that is
    /// gone end as interrupted, to run again as new attempts; a resume records that it resumed. Returns false, taking
    /// nothing, when a start finds its workflow already cancelled: a cancel recorded before the run began.
    ///
    /// A resume that found its intake edited adopts the edit in the same transaction (`intake`), so the run, the
    /// record and the audit trail agree on which intake ran.
    func acquire(
        _ id: String, mode: WorkflowEngine.RunMode, adopting intake: IntakeChange? = nil
    ) async throws(EngineError) -> Bool {
        let me = ProcessIdentity.current
        let now = context.clock.nowMilliseconds()
        let audit = context.audit
        return try await context.commit { tx, published in
            if mode == .start, try tx.workflow(id: id)?.status == .cancelled { return false }
            if let lease = try tx.lease(workflowID: id),
                lease.pid != me.pid || lease.processStart != me.startTime || lease.host != me.host,
                ProcessIdentity.isAlive(lease)
            {
                throw EngineError(
                    .workflowBusy, "workflow \(id) is being run by process \(lease.pid) on \(lease.host)")
            }
            try tx.save(
                LeaseRecord(workflowID: id, pid: me.pid, processStart: me.startTime, host: me.host, acquiredAt: now))
            guard var workflow = try tx.workflow(id: id) else { return true }
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
                    try tx.append(
                        WorkflowEvent(workflowID: id, kind: .resumed, timestamp: now, message: message)))
            }
            return true
        }
    }

    /// Gives the lease back, if this process still holds it.
    func release(_ id: String) async throws(EngineError) {
        let me = ProcessIdentity.current
        try await context.commit { tx, _ in
            if let lease = try tx.lease(workflowID: id), lease.pid == me.pid, lease.processStart == me.startTime {
                try tx.deleteLease(workflowID: id)
            }
        }
    }

    /// Whether a live process (this one included) holds the workflow's lease.
    static func isHeld(_ id: String, in tx: any StoreTransaction) throws -> Bool {
        try tx.lease(workflowID: id).map(ProcessIdentity.isAlive) ?? false
    }
}
