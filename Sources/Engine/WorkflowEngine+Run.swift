import Config
import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// How a run was asked for: a fresh start or a resume (which records that it resumed).
    public enum RunMode: Sendable {
        case start
        case resume
    }

    /// Runs a workflow's remaining phases until it completes, blocks, fails or is cancelled.
    ///
    /// Takes the workflow's lease for the duration; a phase left running by a dead process is marked failed and
    /// runs again as a new attempt, so a crash loses at most the phase in progress.
    /// `prepared` is the intake the workflow was just created from, when the caller has it: it spares validating
    /// the same text again (it is ignored if it is not the workflow's intake). `provider` overrides every
    /// provider choice of the intake and the agents for this run only.
    public func run(
        workflowID: String?, mode: RunMode, prepared: PreparedIntake? = nil, provider: ProviderChoice? = nil
    ) async throws(EngineError) -> WorkflowReport {
        let workflow = try read { tx in try self.workflow(workflowID, in: tx) }
        // Resuming a completed workflow is not an error: a script that resumes after a crash may find the run
        // had finished before the crash. Nothing runs and nothing is recorded.
        if workflow.workflowStatus == .completed {
            return try report(workflowID: workflow.id)
        }
        guard await runs.claim(workflow.id) else {
            throw EngineError(.workflowBusy, "workflow \(workflow.id) is already running in this process")
        }
        let started = clock.monotonicNanoseconds()
        do {
            var report = try await runClaimed(workflow, mode: mode, prepared: prepared, provider: provider)
            await runs.release(workflow.id)
            // This run's own wall time (monotonic), not the workflow's age: what a caller waited for.
            report.durationMs = clock.milliseconds(since: started)
            return report
        } catch {
            await runs.release(workflow.id)
            throw error
        }
    }

    private func runClaimed(
        _ workflow: WorkflowRecord, mode: RunMode, prepared: PreparedIntake?, provider: ProviderChoice?
    ) async throws(EngineError) -> WorkflowReport {
        var plan: WorkflowPlan
        if let prepared, prepared.text == workflow.intakeText {
            plan = prepared.plan
        } else {
            plan = try self.plan(of: workflow)
        }
        plan.providerOverride = provider
        plan.budget = try runBudget(for: workflow, plan: plan)
        try await acquireLease(workflow.id, mode: mode)
        do {
            plan.policy = try await loadRunPolicy(for: workflow, plan: plan)
            try await runPhases(workflow.id, plan: plan)
        } catch {
            try? releaseLease(workflow.id)
            throw error
        }
        try releaseLease(workflow.id)
        return try report(workflowID: workflow.id)
    }

    /// Starts a workflow from an intake and runs it in this task.
    public func start(intakePath: String) async throws(EngineError) -> WorkflowReport {
        let prepared = try Self.prepareIntake(at: layout.absolute(intakePath), displayPath: intakePath)
        let record = try await create(prepared)
        return try await run(workflowID: record.id, mode: .start, prepared: prepared)
    }

    private func runPhases(_ id: String, plan: WorkflowPlan) async throws(EngineError) {
        var previousManifest: SnapshotManifest? = try latestManifest(workflowID: id)
        while true {
            let state = try read { tx in
                let runs = try tx.phaseRuns(workflowID: id)
                return (try tx.workflow(id: id), runs, try Self.handOffSummaries(runs: runs, tx: tx))
            }
            guard let workflow = state.0, workflow.workflowStatus != .completed else { return }
            if workflow.cancelRequested || Task.isCancelled {
                try await markCancelled(id, reason: "cancelled on request")
                return
            }
            guard let next = Self.nextPhase(plan: plan, runs: state.1) else {
                try await markCompleted(id)
                return
            }
            let attempt = (state.1.filter { $0.phaseValue == next.phase }.map(\.attempt).max() ?? 0) + 1
            let outcome = try await runPhase(
                workflow: workflow, plan: plan, phase: next, attempt: attempt, handOff: state.2,
                previousManifest: previousManifest)
            switch outcome {
            case .passed(let manifest): previousManifest = manifest
            case .stopped: return
            }
        }
    }

    /// The first planned phase whose latest attempt has not passed.
    static func nextPhase(plan: WorkflowPlan, runs: [PhaseRunRecord]) -> WorkflowPlan.PhasePlan? {
        plan.phases.first { phasePlan in
            let latest = runs.filter { $0.phaseValue == phasePlan.phase }.max { $0.attempt < $1.attempt }
            return latest?.phaseStatus != .passed
        }
    }

    /// The agent summaries of the passed phases, in phase order: what later agents are told happened.
    private static func handOffSummaries(runs: [PhaseRunRecord], tx: StoreTransaction) throws -> [String] {
        let passed = runs.filter { $0.phaseStatus == .passed }.sorted { $0.phaseValue < $1.phaseValue }
        return try passed.flatMap { run -> [String] in
            guard let id = run.id else { return [] }
            return try tx.agentRuns(phaseRunID: id).compactMap(\.summary)
        }
    }

    /// The manifest of the workflow's most recent checkpoint that still has one, to reuse unchanged files' hashes.
    func latestManifest(workflowID: String) throws(EngineError) -> SnapshotManifest? {
        let latest = try read { tx in
            try tx.checkpoints(workflowID: workflowID).last { $0.manifestHash != nil && $0.prunedAt == nil }
        }
        guard let hex = latest?.manifestHash, let hash = ObjectHash(hex: hex) else { return nil }
        return try? objects.loadManifest(hash)
    }

    private func markCompleted(_ id: String) async throws(EngineError) {
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            guard var workflow = try tx.workflow(id: id) else { return }
            workflow.workflowStatus = .completed
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

    func markCancelled(_ id: String, reason: String) async throws(EngineError) {
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            guard var workflow = try tx.workflow(id: id) else { return }
            for var run in try tx.phaseRuns(workflowID: id) where !run.phaseStatus.isSettled {
                run.phaseStatus = .cancelled
                run.reason = reason
                run.endedAt = now
                try tx.update(run)
            }
            workflow.workflowStatus = .cancelled
            workflow.cancelRequested = false
            workflow.reason = reason
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(WorkflowEvent(workflowID: id, kind: .cancelled, timestamp: now, message: reason)))
        }
    }

    // MARK: Lease

    private func acquireLease(_ id: String, mode: RunMode) async throws(EngineError) {
        let me = ProcessIdentity.current
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            if let lease = try tx.lease(workflowID: id),
                lease.pid != me.pid || lease.processStart != me.startTime || lease.host != me.host,
                ProcessIdentity.isAlive(lease)
            {
                throw EngineError(
                    .workflowBusy, "workflow \(id) is being run by process \(lease.pid) on \(lease.host)")
            }
            try tx.save(
                LeaseRecord(workflowID: id, pid: me.pid, processStart: me.startTime, host: me.host, acquiredAt: now))
            guard var workflow = try tx.workflow(id: id) else { return }
            // Attempts left running belong to a process that is gone: they end here, and run again as new attempts.
            for var run in try tx.phaseRuns(workflowID: id) where run.phaseStatus == .running {
                run.phaseStatus = .failed
                run.reason = "interrupted: the process running it stopped"
                run.endedAt = now
                try tx.update(run)
                for var agentRun in try tx.agentRuns(phaseRunID: run.id ?? -1)
                where PhaseStatus(rawValue: agentRun.status)?.isSettled != true {
                    agentRun.status = PhaseStatus.failed.rawValue
                    agentRun.endedAt = now
                    try tx.update(agentRun)
                }
            }
            if mode == .resume {
                let previous = workflow.workflowStatus
                workflow.workflowStatus = .running
                workflow.reason = nil
                workflow.cancelRequested = false
                workflow.updatedAt = now
                try tx.update(workflow)
                published.append(
                    try tx.append(
                        WorkflowEvent(
                            workflowID: id, kind: .resumed, timestamp: now, message: "was \(previous.rawValue)")))
            }
        }
    }

    private func releaseLease(_ id: String) throws(EngineError) {
        let me = ProcessIdentity.current
        do {
            try store.write { tx in
                if let lease = try tx.lease(workflowID: id), lease.pid == me.pid, lease.processStart == me.startTime {
                    try tx.deleteLease(workflowID: id)
                }
            }
        } catch {
            throw Self.engineError(error)
        }
    }
}
