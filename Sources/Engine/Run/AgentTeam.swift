import Model
import Snapshots
import StorePort

/// Runs a phase's agents, at most so many at once, and records each one's activity, delegations and end.
struct AgentTeam: Sendable {
    let context: EngineContext
    let runner: any AgentRunner

    /// One agent's verdict, reduced to what the phase needs.
    struct Result: Sendable {
        var agent: String = ""
        var failure: String?
        var block: String?
        /// Its answers to the review findings it was given, by finding number.
        var answers: [Int: ReviewAnswer] = [:]
        /// Every path it changed, when it could say so (see ``AgentOutcome/changesComplete``).
        var changes: KnownChanges?
    }

    /// The phase's assignments: the first agent leads and is given the phase's required artifacts; the others work
    /// on their own remit (a steward's review, say) and write what they decide. An agent decides what its
    /// subagents do by delegating to them.
    static func assignments(
        workflow: WorkflowRecord, plan: WorkflowPlan, phase: WorkflowPlan.PhasePlan, attempt: Int,
        handOff: [String], workspace: String
    ) -> [AgentAssignment] {
        phase.agents.enumerated().map { index, agent in
            AgentAssignment(
                workflowID: workflow.id, phase: phase.phase, attempt: attempt, agentID: agent, workspace: workspace,
                intake: plan.intake, requiredArtifacts: phase.artifacts,
                assignedArtifacts: index == 0 ? phase.artifacts : [], handOff: handOff,
                phaseAgentCount: phase.agents.count, providerOverride: plan.providerOverride, budget: plan.budget,
                gates: plan.policy?.gates.map(\.gate) ?? [], policy: plan.policy,
                maxConcurrentAgents: plan.maxConcurrentAgents)
        }
    }

    func run(_ assignments: [(AgentAssignment, AgentRunRecord)], limit: Int, control: RunControl) async -> [Result] {
        await withTaskGroup(of: Result.self) { group in
            var results: [Result] = []
            var pending = assignments[...]
            var running = 0
            while running < limit, let next = pending.popFirst() {
                group.addTask { await self.run(next.0, record: next.1, control: control) }
                running += 1
            }
            for await result in group {
                results.append(result)
                if let next = pending.popFirst() {
                    group.addTask { await self.run(next.0, record: next.1, control: control) }
                }
            }
            return results
        }
    }

    private func run(
        _ assignment: AgentAssignment, record agentRun: AgentRunRecord, control: RunControl
    ) async
        -> Result
    {
        let started = context.clock.monotonicNanoseconds()
        let startedAt = context.clock.nowMilliseconds()
        let outcome: AgentOutcome
        let recorder = ActivityRecorder(context: context)
        let clock = context.clock
        let phaseRunID = agentRun.phaseRunId
        do {
            outcome = try await runner.run(assignment) { activity in
                await Self.record(
                    activity, of: assignment, phaseRunID: phaseRunID, at: clock.nowMilliseconds(), into: recorder)
            }
        } catch is CancellationError {
            outcome = AgentOutcome(status: .failed(reason: "cancelled"), summary: "", steps: 0)
        } catch {
            outcome = AgentOutcome(status: .failed(reason: "\(error)"), summary: "", steps: 0)
        }
        var result = Result(
            agent: assignment.agentID, answers: outcome.answers,
            changes: outcome.changesComplete ? KnownChanges(written: outcome.changedPaths) : nil)
        var status = PhaseStatus.passed
        // The end event names the agent in its own field; its message says how it ended and why.
        var ending = outcome.summary.isEmpty ? "done" : "done: \(outcome.summary)"
        switch outcome.status {
        case .completed: break
        // Stopped from outside: the agent's end says why, and the run records the stop for the workflow.
        case .failed where Task.isCancelled || control.stopReason != nil:
            if case .interrupted? = control.stopReason { status = .interrupted } else { status = .cancelled }
            ending = status.rawValue
        case .blocked(let reason):
            result.block = "\(assignment.agentID): \(reason)"
            status = .blocked
            ending = "blocked: \(reason)"
        case .failed(let reason):
            result.failure = "\(assignment.agentID): \(reason)"
            status = .failed
            ending = "failed: \(reason)"
        }
        let elapsed = context.clock.milliseconds(since: started)
        let unrecorded = await recorder.finish()
        let endedAt = context.clock.nowMilliseconds()
        do {
            try await context.commit { [status, ending] tx, published in
                try ActivityRecorder.store(unrecorded, in: tx, published: &published)
                var run = agentRun
                run.startedAt = startedAt
                run.status = status
                run.summary = outcome.summary
                run.steps = outcome.steps
                run.transcriptTokens = outcome.transcriptTokens
                run.endedAt = endedAt
                try tx.update(run)
                published.append(
                    try tx.append(
                        WorkflowEvent(
                            workflowID: assignment.workflowID, kind: .agentStep, timestamp: endedAt,
                            phase: assignment.phase, attempt: assignment.attempt, agent: assignment.agentID,
                            message: ending, durationMs: elapsed)))
            }
        } catch {
            result.failure = result.failure ?? "\(assignment.agentID): \(error.message)"
        }
        return result
    }

    /// Queues the event for an activity (and, at a delegation's end, its record).
    static func record(
        _ activity: AgentActivity, of assignment: AgentAssignment, phaseRunID: Int64, at time: Int64,
        into recorder: ActivityRecorder
    ) async {
        let event = event(for: activity, of: assignment, at: time)
        if let delegation = event.delegation {
            await recorder.record(event, delegation: delegation, phaseRunID: phaseRunID, agent: assignment.agentID)
        } else {
            await recorder.record(event)
        }
    }

    /// The event that records what an agent did.
    static func event(
        for activity: AgentActivity, of assignment: AgentAssignment, at time: Int64, agent: String? = nil
    ) -> WorkflowEvent {
        var event = WorkflowEvent(
            workflowID: assignment.workflowID, kind: .agentStep, timestamp: time, phase: assignment.phase,
            attempt: assignment.attempt, agent: agent ?? assignment.agentID)
        switch activity {
        case .by(let subagent, let inner):
            return Self.event(for: inner, of: assignment, at: time, agent: subagent)
        case .step(let text):
            event.message = text
        case .toolCall(let tool, let detail):
            event.kind = .toolCall
            event.tool = tool
            event.message = detail
        case .stepToolCall(let tool, let detail, let step):
            event.kind = .toolCall
            event.tool = tool
            event.message = detail
            event.step = step
        case .stepEvaluated(let step, let passed, let detail):
            event.kind = .stepEvaluated
            event.step = step
            event.message = (passed ? "passed: " : "failed: ") + detail
        case .artifactWritten(let path):
            event.kind = .artifactWritten
            event.path = path
        case .delegationStarted(let delegation):
            event.kind = .delegationStarted
            event.delegation = delegation
            event.message = "\(delegation.subagent): \(delegation.task)"
        case .delegationEnded(let delegation):
            event.kind = .delegationEnded
            event.delegation = delegation
            event.message = "\(delegation.subagent) \(delegation.status.rawValue): \(delegation.summary ?? "")"
        }
        return event
    }
}
