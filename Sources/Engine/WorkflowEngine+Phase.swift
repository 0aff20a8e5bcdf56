import Governance
import Model
import Snapshots
import Store

extension WorkflowEngine {
    /// How one phase attempt ended, as far as the run loop cares.
    enum PhaseOutcome {
        /// The checkpoint passed; its manifest seeds the next snapshot.
        case passed(SnapshotManifest)
        /// Blocked, failed or cancelled: the run stops here.
        case stopped
    }

    /// Runs one attempt at a phase: its agents (concurrently, bounded), then its checkpoint.
    func runPhase(
        workflow: WorkflowRecord, plan: WorkflowPlan, phase: WorkflowPlan.PhasePlan, attempt: Int,
        handOff: [String], previousManifest: SnapshotManifest?
    ) async throws(EngineError) -> PhaseOutcome {
        let started = clock.monotonicNanoseconds()
        let now = clock.nowMilliseconds()
        // The phase and a pending row per agent in one transaction: each agent then needs one write, at its end.
        let (phaseRun, agentRuns) = try await commit { tx, published in
            var run = PhaseRunRecord(
                workflowID: workflow.id, phase: phase.phase, attempt: attempt, agents: phase.agents, status: .running)
            run.startedAt = now
            try tx.insert(&run)
            var agentRuns: [AgentRunRecord] = []
            for agent in phase.agents {
                var agentRun = AgentRunRecord(phaseRunID: run.id ?? -1, agent: agent, status: .pending, startedAt: now)
                try tx.insert(&agentRun)
                agentRuns.append(agentRun)
            }
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: workflow.id, kind: .phaseStarted, timestamp: now, phase: phase.phase,
                        attempt: attempt, checkpoint: phase.phase.checkpointNumber,
                        message: phase.agents.joined(separator: ", "))))
            return (run, agentRuns)
        }
        let workFolder = layout.work + "/" + WorkingCopies.folderName(workflow.id)
        // Copies left by a killed or conflicting earlier attempt are stale: this attempt starts from the workspace.
        try? WorkingCopies.removeTree(workFolder)
        let copies = WorkingCopies(
            workspace: snapshotter, objects: objects,
            root: workFolder + "/\(phase.phase.rawValue)-\(attempt)", reference: previousManifest)
        var assignments = Self.assignments(
            workflow: workflow, plan: plan, phase: phase, attempt: attempt, handOff: handOff,
            workspace: layout.root)
        for index in assignments.indices { assignments[index].workingCopies = copies }
        let results = await runAgents(Array(zip(assignments, agentRuns)), limit: plan.maxConcurrentAgents)
        let cancelRequested = try read { tx in try tx.workflow(id: workflow.id)?.cancelRequested } ?? false
        if Task.isCancelled || cancelRequested {
            try await markCancelled(workflow.id, reason: "cancelled during \(phase.phase.rawValue)")
            return .stopped
        }
        if let failure = results.compactMap(\.failure).first {
            try await stopPhase(
                phaseRun, workflowStatus: .failed, phaseStatus: .failed, kind: .failed, reason: failure)
            return .stopped
        }
        if let block = results.compactMap(\.block).first {
            try await stopPhase(
                phaseRun, workflowStatus: .paused, phaseStatus: .blocked, kind: .blocked, reason: block)
            return .stopped
        }
        if await copies.isUsed, let conflict = try await mergeWorkingCopies(copies, of: phaseRun) {
            try await stopPhase(
                phaseRun, workflowStatus: .paused, phaseStatus: .blocked, kind: .blocked, reason: conflict)
            return .stopped
        }
        return try await checkpoint(
            phaseRun, plan: phase, policy: plan.policy ?? EffectivePolicy.universalOnly,
            previousManifest: previousManifest, started: started)
    }

    /// Splits a phase's required artifacts among its agents, round robin, so concurrent agents never write one file.
    static func assignments(
        workflow: WorkflowRecord, plan: WorkflowPlan, phase: WorkflowPlan.PhasePlan, attempt: Int,
        handOff: [String], workspace: String
    ) -> [AgentAssignment] {
        let agents = phase.agents
        return agents.enumerated().map { index, agent in
            let share = phase.artifacts.enumerated().filter { $0.offset % agents.count == index }.map(\.element)
            return AgentAssignment(
                workflowID: workflow.id, phase: phase.phase, attempt: attempt, agentID: agent, workspace: workspace,
                intake: plan.intake, requiredArtifacts: phase.artifacts, assignedArtifacts: share, handOff: handOff,
                phaseAgentCount: agents.count, providerOverride: plan.providerOverride, budget: plan.budget,
                gates: plan.policy?.gates.map(\.gate) ?? [])
        }
    }

    /// One agent's verdict, reduced to what the phase needs.
    struct AgentResult: Sendable {
        var failure: String?
        var block: String?
    }

    private func runAgents(_ assignments: [(AgentAssignment, AgentRunRecord)], limit: Int) async -> [AgentResult] {
        await withTaskGroup(of: AgentResult.self) { group in
            var results: [AgentResult] = []
            var pending = assignments[...]
            var running = 0
            while running < limit, let next = pending.popFirst() {
                group.addTask { await self.runAgent(next.0, record: next.1) }
                running += 1
            }
            for await result in group {
                results.append(result)
                if let next = pending.popFirst() {
                    group.addTask { await self.runAgent(next.0, record: next.1) }
                }
            }
            return results
        }
    }

    private func runAgent(_ assignment: AgentAssignment, record agentRun: AgentRunRecord) async -> AgentResult {
        let started = clock.monotonicNanoseconds()
        let startedAt = clock.nowMilliseconds()
        let outcome: AgentOutcome
        let recorder = ActivityRecorder(engine: self)
        do {
            outcome = try await agents.run(assignment) { activity in
                await recorder.record(self.event(for: activity, of: assignment))
            }
        } catch is CancellationError {
            outcome = AgentOutcome(status: .failed(reason: "cancelled"), summary: "", steps: 0)
        } catch {
            outcome = AgentOutcome(status: .failed(reason: "\(error)"), summary: "", steps: 0)
        }
        var result = AgentResult()
        var status = PhaseStatus.passed
        switch outcome.status {
        case .completed: break
        case .blocked(let reason):
            result.block = "\(assignment.agentID): \(reason)"
            status = .blocked
        case .failed(let reason):
            result.failure = "\(assignment.agentID): \(reason)"
            status = .failed
        }
        let elapsed = clock.milliseconds(since: started)
        let unrecorded = await recorder.finish()
        do {
            try await commit { [status] tx, published in
                for event in unrecorded { published.append(try tx.append(event)) }
                var run = agentRun
                run.startedAt = startedAt
                run.status = status.rawValue
                run.summary = outcome.summary
                run.steps = outcome.steps
                run.transcriptTokens = outcome.transcriptTokens
                run.endedAt = clock.nowMilliseconds()
                try tx.update(run)
                published.append(
                    try tx.append(
                        WorkflowEvent(
                            workflowID: assignment.workflowID, kind: .agentStep, timestamp: run.endedAt ?? 0,
                            phase: assignment.phase, attempt: assignment.attempt, agent: assignment.agentID,
                            message: "\(status == .passed ? "done" : status.rawValue): \(outcome.summary)",
                            durationMs: elapsed)))
            }
        } catch {
            result.failure = result.failure ?? "\(assignment.agentID): \(error.message)"
        }
        return result
    }

    /// The event that records what an agent did.
    private func event(
        for activity: AgentActivity, of assignment: AgentAssignment, agent: String? = nil
    ) -> WorkflowEvent {
        var event = WorkflowEvent(
            workflowID: assignment.workflowID, kind: .agentStep, timestamp: clock.nowMilliseconds(),
            phase: assignment.phase, attempt: assignment.attempt, agent: agent ?? assignment.agentID)
        switch activity {
        case .by(let subagent, let inner):
            return self.event(for: inner, of: assignment, agent: subagent)
        case .step(let text):
            event.message = text
        case .toolCall(let tool, let detail):
            event.kind = .toolCall
            event.tool = tool
            event.message = detail
        case .artifactWritten(let path):
            event.kind = .artifactWritten
            event.path = path
        }
        return event
    }

    private func stopPhase(
        _ phaseRun: PhaseRunRecord, workflowStatus: WorkflowStatus, phaseStatus: PhaseStatus,
        kind: WorkflowEvent.Kind, reason: String
    ) async throws(EngineError) {
        let now = clock.nowMilliseconds()
        try await commit { tx, published in
            var run = phaseRun
            run.phaseStatus = phaseStatus
            run.reason = reason
            run.endedAt = now
            try tx.update(run)
            guard var workflow = try tx.workflow(id: run.workflowId) else { return }
            workflow.workflowStatus = workflowStatus
            workflow.reason = "\(run.phase): \(reason)"
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: run.workflowId, kind: kind, timestamp: now, phase: run.phaseValue,
                        attempt: run.attempt, message: reason)))
        }
    }
}
