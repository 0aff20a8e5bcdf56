import Governance
import Model
import Snapshots
import StorePort
import Tokens

/// Runs one attempt at a phase: records it, runs its agents (concurrently, bounded), merges their working
/// copies, and ends it in its checkpoint.
struct PhaseRunner: Sendable {
    let context: EngineContext
    let agents: AgentTeam
    let reviews: PhaseReview
    let checkpointer: Checkpointer
    /// The last phase's context documents, so the next phase's index reads only what changed.
    let contextMemo = ContextIndexMemo()

    /// How one phase attempt ended, as far as the run loop cares.
    enum Outcome {
        /// The checkpoint passed; its manifest seeds the next snapshot.
        case passed(SnapshotManifest)
        /// Blocked or failed: the run stops here, with the reason recorded.
        case stopped
        /// The run was asked to stop (a cancel, a shutdown) before or while the agents worked; nothing is recorded
        /// for the phase yet beyond its attempt.
        case asked(RunControl.StopReason)
    }

    func run(
        workflow: WorkflowRecord, plan: WorkflowPlan, phase: WorkflowPlan.PhasePlan, attempt: Int,
        handOff: [String], previousManifest: SnapshotManifest?, control: RunControl
    ) async throws(EngineError) -> Outcome {
        let started = context.clock.monotonicNanoseconds()
        let now = context.clock.nowMilliseconds()
        // The phase and a pending row per agent in one transaction: each agent then needs one write, at its end.
        // A cancel committed before this transaction means the phase never starts.
        let begun = try await context.commit { tx, published -> (PhaseRunRecord, [AgentRunRecord])? in
            guard let current = try tx.workflow(id: workflow.id), !current.cancelRequested,
                current.status != .cancelled
            else { return nil }
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
        guard let (phaseRun, agentRuns) = begun else { return .asked(.cancelled) }
        let workFolder = context.layout.work + "/" + WorkingCopies.folderName(workflow.id)
        // Copies left by a killed or conflicting earlier attempt are stale: this attempt starts from the workspace.
        try? WorkingCopies.removeTree(workFolder)
        // However the phase ends (merged, blocked, failed, cancelled), no copy of it stays mounted; their folders
        // stay for a look until the next attempt removes them.
        defer { WorkingCopies.unmountAll(under: workFolder) }
        let copiesRoot = workFolder + "/\(phase.phase.rawValue)-\(attempt)"
        let copies = WorkingCopies(
            workspace: context.snapshotter, objects: context.objects, root: copiesRoot, reference: previousManifest)
        var assignments = AgentTeam.assignments(
            workflow: workflow, plan: plan, phase: phase, attempt: attempt, handOff: handOff,
            workspace: context.layout.root)
        // One context index for every agent of the phase, from the previous checkpoint when this process made it
        // (a manifest loaded on resume may not be what the workspace holds: then each agent lists its directory).
        let contextIndex: ContextIndex? =
            if let previousManifest, previousManifest.directories != nil {
                await PhaseCostMeter.measure(.contextBuilding) {
                    await ContextIndex.build(
                        manifest: previousManifest, objects: context.objects,
                        summaryCache: SummaryCache(directory: context.layout.stateDirectory + "/cache/summaries"),
                        memo: contextMemo)
                }
            } else {
                nil
            }
        for index in assignments.indices {
            assignments[index].workingCopies = copies
            assignments[index].contextIndex = contextIndex
        }
        let results = await agents.run(
            Array(zip(assignments, agentRuns)), limit: plan.maxConcurrentAgents, control: control)
        let cancelRequested = try await context.read { tx in try tx.workflow(id: workflow.id)?.cancelRequested }
        if let reason = control.stopReason ?? (Task.isCancelled || cancelRequested == true ? .cancelled : nil) {
            return .asked(reason)
        }
        if let failure = results.compactMap(\.failure).first {
            try await stop(phaseRun, workflowStatus: .failed, phaseStatus: .failed, kind: .failed, reason: failure)
            return .stopped
        }
        if let block = results.compactMap(\.block).first {
            try await stop(phaseRun, workflowStatus: .paused, phaseStatus: .blocked, kind: .blocked, reason: block)
            return .stopped
        }
        // Merging is not a safe point: it runs where a cancellation of the run does not reach it.
        let merging = Task { () async throws(EngineError) -> Merged? in
            guard await copies.isUsed else { return nil }
            return try await merge(copies, of: phaseRun)
        }
        let merged: Merged?
        do {
            merged = try await merging.value
        } catch {
            throw EngineContext.engineError(error)
        }
        let conflict = merged?.conflict
        // The checkpoint reads only what the merge wrote when every agent of the phase worked in a copy. An agent
        // alone works in the workspace itself: its changes are known when only tools that name every file they
        // change ran (file_system, charts, delegations merged from copies); after a process, a walk finds them.
        var known = phase.agents.count > 1 ? merged?.known : results.first?.changes
        if let conflict {
            try await stop(phaseRun, workflowStatus: .paused, phaseStatus: .blocked, kind: .blocked, reason: conflict)
            return .stopped
        }
        // The review's model calls are safe points like the agents' own.
        let review = try await reviews.run(
            PhaseReview.Subject(
                workflow: workflow, plan: plan, phase: phase, phaseRun: phaseRun, handOff: handOff,
                previousManifest: previousManifest, copiesRoot: copiesRoot + "-review", known: known),
            control: control)
        if let reason = control.stopReason ?? (Task.isCancelled ? .cancelled : nil) {
            return .asked(reason)
        }
        var outcome: ReviewOutcome?
        switch review {
        case .none: break
        case .reviewed(let reviewed, let changes):
            outcome = reviewed
            // Through the answers too, when every answer's changes are known; nil (walk) otherwise.
            known = changes
        case .agentsStopped(let failure?, _):
            try await stop(phaseRun, workflowStatus: .failed, phaseStatus: .failed, kind: .failed, reason: failure)
            return .stopped
        case .agentsStopped(nil, let block):
            try await stop(
                phaseRun, workflowStatus: .paused, phaseStatus: .blocked, kind: .blocked,
                reason: block ?? "the agents answering the review stopped")
            return .stopped
        }
        // From here the phase ends whatever happens outside: the checkpoint (snapshot, gates, one transaction) is
        // not a safe point, so it runs where a cancellation of the run does not reach it.
        let ending = Task { [outcome, known] () async throws(EngineError) -> Outcome in
            let manifest = try await Traced.span("checkpoint CP\(phase.phase.checkpointNumber)") {
                span async throws(EngineError) in
                span.attributes["orchestrator.checkpoint"] = "CP\(phase.phase.checkpointNumber)"
                return try await checkpointer.checkpoint(
                    phaseRun, plan: phase, policy: plan.policy ?? EffectivePolicy.universalOnly,
                    previousManifest: previousManifest, known: known, started: started, review: outcome)
            }
            return manifest.map { .passed($0) } ?? .stopped
        }
        do {
            return try await ending.value
        } catch {
            throw EngineContext.engineError(error)
        }
    }

    /// What merging the working copies did: the block reason on conflict, else the paths written and removed.
    struct Merged: Sendable {
        var conflict: String?
        var known: KnownChanges?
    }

    /// Merges the phase's working copies into the workspace and records it.
    private func merge(_ copies: WorkingCopies, of phaseRun: PhaseRunRecord) async throws(EngineError) -> Merged {
        let outcome: WorkingCopies.MergeOutcome
        do {
            outcome = try await PhaseCostMeter.measure(.merge) { () async throws(SnapshotError) in
                try await copies.merge()
            }
        } catch {
            throw EngineError(.snapshot, "cannot merge the agents' working copies: \(error.description)")
        }
        let message: String
        var conflictReason: String?
        var known: KnownChanges?
        switch outcome {
        case .merged(let written, let removed):
            known = KnownChanges(written: written, removed: removed)
            message = "merged \(written.count) written and \(removed.count) removed file(s) from the agents' copies"
        case .conflicts(let conflicts):
            let listed = conflicts.map { "\($0.path) (\($0.agents.joined(separator: ", ")))" }
            conflictReason = "agents changed the same path differently: " + listed.joined(separator: "; ")
            message = conflictReason ?? ""
        }
        try await context.record(
            WorkflowEvent(
                workflowID: phaseRun.workflowId, kind: .agentStep, timestamp: context.clock.nowMilliseconds(),
                phase: phaseRun.phase, attempt: phaseRun.attempt, message: message))
        return Merged(conflict: conflictReason, known: known)
    }

    private func stop(
        _ phaseRun: PhaseRunRecord, workflowStatus: WorkflowStatus, phaseStatus: PhaseStatus,
        kind: WorkflowEvent.Kind, reason: String
    ) async throws(EngineError) {
        let now = context.clock.nowMilliseconds()
        try await context.commit { tx, published in
            var run = phaseRun
            run.status = phaseStatus
            run.reason = reason
            run.endedAt = now
            try tx.update(run)
            guard var workflow = try tx.workflow(id: run.workflowId) else { return }
            workflow.status = workflowStatus
            workflow.reason = "\(run.phase.rawValue): \(reason)"
            workflow.updatedAt = now
            try tx.update(workflow)
            published.append(
                try tx.append(
                    WorkflowEvent(
                        workflowID: run.workflowId, kind: kind, timestamp: now, phase: run.phase,
                        attempt: run.attempt, message: reason)))
        }
    }
}
