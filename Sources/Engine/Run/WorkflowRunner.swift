import Config
import Governance
import Model
import Snapshots
import StorePort
import Tracing

/// Runs a workflow's remaining phases in order until it completes, blocks, fails or is cancelled; and takes
/// cancel requests.
struct WorkflowRunner: Sendable {
    let context: EngineContext
    let phases: PhaseRunner
    let lease: WorkspaceLease
    let budgets: BudgetService
    let judge: GovernanceJudge
    let history: CheckpointHistory
    let status: WorkflowStatusReader

    /// Runs a workflow's remaining phases under its lease; see ``WorkflowEngine/run(workflowID:mode:prepared:provider:)``.
    func run(
        workflowID: String?, mode: WorkflowEngine.RunMode, prepared: PreparedIntake?, provider: ProviderChoice?,
        control: RunControl
    ) async throws(EngineError) -> WorkflowReport {
        // However this ends, whoever waits for the run to start learns that it will not.
        defer { control.started(.ended) }
        // A rollback left unfinished changes what the workflow's state is: it is finished before anything is read.
        _ = try await lease.finishUnfinishedRollbacks()
        let workflow = try await context.workflow(workflowID)
        // Resuming a completed workflow is not an error: a script that resumes after a crash may find the run
        // had finished before the crash. Nothing runs and nothing is recorded.
        if workflow.status == .completed {
            var report = try await status.report(workflowID: workflow.id)
            // The duration of a run result is the run's own wall time, and this run did nothing.
            report.durationMs = 0
            return report
        }
        guard await context.runs.claim(workflow.id) else {
            throw EngineError(.workflowBusy, "workflow \(workflow.id) is already running in this process")
        }
        let started = context.clock.monotonicNanoseconds()
        do {
            var report = try await runClaimed(
                workflow, mode: mode, prepared: prepared, provider: provider, control: control)
            await context.runs.release(workflow.id)
            // This run's own wall time (monotonic), not the workflow's age: what a caller waited for.
            report.durationMs = context.clock.milliseconds(since: started)
            return report
        } catch {
            await context.runs.release(workflow.id)
            throw error
        }
    }

    private func runClaimed(
        _ workflow: WorkflowRecord, mode: WorkflowEngine.RunMode, prepared: PreparedIntake?,
        provider: ProviderChoice?, control: RunControl
    ) async throws(EngineError) -> WorkflowReport {
        var plan: WorkflowPlan
        var workflow = workflow
        // A resume runs the intake file as it is now, when it was edited: validated (and fit for what already
        // passed) before anything is recorded, adopted with the lease.
        var intakeChange: IntakeChange?
        if mode == .resume, prepared == nil {
            let id = workflow.id
            let runs = try await context.read { tx in try tx.phaseRuns(workflowID: id) }
            intakeChange = try IntakeChange.detect(for: workflow, runs: runs, root: context.layout.root)
        }
        if let intakeChange {
            plan = intakeChange.prepared.plan
            workflow.intakeText = intakeChange.prepared.text
            workflow.phases = plan.phases.map(\.phase)
        } else if let prepared, prepared.text == workflow.intakeText {
            plan = prepared.plan
        } else {
            plan = try WorkflowCreator.plan(of: workflow)
        }
        plan.providerOverride = provider
        plan.budget = try await budgets.runBudget(for: workflow, plan: plan)
        let taken: WorkspaceLease.Taken
        do {
            taken = try await lease.acquire(.run, workflowID: workflow.id, unlessCancelled: mode == .start)
        } catch {
            if error.code == .workspaceBusy && mode == .start { await recordNotStarted(workflow.id, because: error) }
            throw error
        }
        // Cancelled before this run could take the workspace: nothing runs, and the workspace is not held even
        // briefly, so a start right after the cancel is not refused as busy.
        if taken.cancelledBefore { return try await status.report(workflowID: workflow.id) }
        do {
            try await lease.recover(taken)
            guard try await begin(workflow.id, mode: mode, adopting: intakeChange) else {
                // Cancelled before this run could start it: nothing runs.
                try await lease.release()
                return try await status.report(workflowID: workflow.id)
            }
            control.started(.running)
            plan.policy = try await judge.loadRunPolicy(for: workflow, plan: plan)
            try await runPhases(workflow.id, plan: plan, control: control)
        } catch {
            try? await lease.release()
            throw error
        }
        try await lease.release()
        return try await status.report(workflowID: workflow.id)
    }

    private func runPhases(_ id: String, plan: WorkflowPlan, control: RunControl) async throws(EngineError) {
        var previousManifest: SnapshotManifest? = try await history.latestManifest(workflowID: id)
        while true {
            let state = try await context.read { tx in
                let runs = try tx.phaseRuns(workflowID: id)
                return (try tx.workflow(id: id), runs, try Self.handOffSummaries(runs: runs, tx: tx))
            }
            guard let workflow = state.0, workflow.status != .completed, workflow.status != .cancelled else { return }
            if let reason = control.stopReason ?? (workflow.cancelRequested || Task.isCancelled ? .cancelled : nil) {
                try await stop(id, reason: reason, during: nil)
                return
            }
            guard let next = Self.nextPhase(plan: plan, runs: state.1) else {
                try await markCompleted(id)
                return
            }
            let attempt = (state.1.filter { $0.phase == next.phase }.map(\.attempt).max() ?? 0) + 1
            let outcome: PhaseRunner.Outcome
            do {
                outcome = try await PhaseCostMeter.$phase.withValue(next.phase) {
                    try await PhaseCostMeter.measure(.phase) { () async throws(EngineError) in
                        try await Traced.span("phase \(next.phase.rawValue)") { span async throws(EngineError) in
                            span.attributes["orchestrator.workflow.id"] = id
                            span.attributes["orchestrator.phase"] = next.phase.rawValue
                            span.attributes["orchestrator.phase.attempt"] = attempt
                            return try await phases.run(
                                workflow: workflow, plan: plan, phase: next, attempt: attempt, handOff: state.2,
                                previousManifest: previousManifest, control: control)
                        }
                    }
                }
            } catch {
                throw EngineContext.engineError(error)
            }
            switch outcome {
            case .passed(let manifest): previousManifest = manifest
            case .stopped: return
            case .asked(let reason):
                try await stop(id, reason: reason, during: next.phase)
                return
            }
        }
    }

    /// Ends the run at a safe point for the reason it was asked to stop.
    private func stop(_ id: String, reason: RunControl.StopReason, during phase: Phase?) async throws(EngineError) {
        switch reason {
        case .cancelled:
            try await markCancelled(
                id, reason: phase.map { "cancelled during \($0.rawValue)" } ?? "cancelled on request")
        case .interrupted(let why):
            try await markInterrupted(id, reason: why)
        }
    }

    /// Records a workflow stopped by its process's shutdown: resumable, its unsettled attempts interrupted.
    private func markInterrupted(_ id: String, reason: String) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        try await context.commit { tx, published in
            guard var workflow = try tx.workflow(id: id) else { return }
            for var run in try tx.phaseRuns(workflowID: id) where !run.status.isSettled {
                run.status = .interrupted
                run.reason = "interrupted: \(reason)"
                run.endedAt = now
                try tx.update(run)
            }
            workflow.status = .interrupted
            workflow.reason = "interrupted: \(reason); 'run resume' continues it"
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(WorkflowEvent(workflowID: id, kind: .interrupted, timestamp: now, message: reason)))
        }
    }

    /// The first planned phase whose latest attempt has not passed.
    static func nextPhase(plan: WorkflowPlan, runs: [PhaseRunRecord]) -> WorkflowPlan.PhasePlan? {
        plan.phases.first { phasePlan in
            let latest = runs.filter { $0.phase == phasePlan.phase }.max { $0.attempt < $1.attempt }
            return latest?.status != .passed
        }
    }

    /// The agent summaries of the passed phases, in phase order: what later agents are told happened.
    private static func handOffSummaries(runs: [PhaseRunRecord], tx: any StoreTransaction) throws -> [String] {
        let passed = runs.filter { $0.status == .passed }.sorted { $0.phase < $1.phase }
        return try passed.flatMap { run -> [String] in
            guard let id = run.id else { return [] }
            return try tx.agentRuns(phaseRunID: id).compactMap(\.summary)
        }
    }

    private func markCompleted(_ id: String) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        try await context.commit { tx, published in
            guard var workflow = try tx.workflow(id: id) else { return }
            workflow.status = .completed
            workflow.reason = nil
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: id, kind: .completed, timestamp: now,
                        durationMs: Double(now - workflow.createdAt))))
        }
    }

    /// Ends a workflow as cancelled, with every unsettled attempt.
    func markCancelled(_ id: String, reason: String) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        try await context.commit { tx, published in
            try Self.cancel(id, reason: reason, at: now, in: tx, published: &published)
        }
    }

    private static func cancel(
        _ id: String, reason: String, at now: Int64, in tx: any StoreTransaction, published: inout [WorkflowEvent]
    ) throws {
        guard var workflow = try tx.workflow(id: id) else { return }
        for var run in try tx.phaseRuns(workflowID: id) where !run.status.isSettled {
            run.status = .cancelled
            run.reason = reason
            run.endedAt = now
            try tx.update(run)
        }
        workflow.status = .cancelled
        workflow.cancelRequested = false
        workflow.reason = reason
        workflow.updatedAt = now
        try tx.update(workflow)
        published.append(
            try tx.append(WorkflowEvent(workflowID: id, kind: .cancelled, timestamp: now, message: reason)))
    }

    /// Asks a workflow to stop: a live run stops at its next safe point; a workflow no process runs is cancelled
    /// now. Either way the request is in the store before this returns.
    func cancel(workflowID: String?) async throws(EngineError) -> WorkflowReport {
        let workflow = try await context.workflow(workflowID)
        guard workflow.status != .completed && workflow.status != .cancelled else {
            throw EngineError(.invalidState, "workflow \(workflow.id) has already \(workflow.status.rawValue)")
        }
        let runningHere = await context.runs.isRunning(workflow.id)
        let now = context.clock.nowMilliseconds()
        // Decided inside the write, against the lease as it is then: a run that takes the lease just after still
        // finds the request (or the cancelled status) when it looks before its first phase.
        try await context.commit { tx, published in
            guard var record = try tx.workflow(id: workflow.id) else { return }
            let held = try WorkspaceLease.runningWorkflow(in: tx) == workflow.id
            if runningHere || held {
                record.cancelRequested = true
                record.updatedAt = now
                try tx.update(record)
                published.append(
                    try tx.append(
                        WorkflowEvent(
                            workflowID: workflow.id, kind: .cancelRequested, timestamp: now,
                            message: "the run stops at its next safe point")))
            } else {
                try Self.cancel(workflow.id, reason: "cancelled on request", at: now, in: tx, published: &published)
            }
        }
        return try await status.report(workflowID: workflow.id)
    }
}
