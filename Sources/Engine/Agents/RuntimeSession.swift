import Config
import Governance
import Providers
import Snapshots

/// One phase agent's run: where each member works, the lifecycle events of each, and the delegations between them.
struct RuntimeSession: Sendable {
    let runtime: AgentRuntime
    let assignment: AgentAssignment
    let provider: any ModelProvider
    let model: String?
    let report: @Sendable (AgentActivity) async -> Void
    /// What a reviewer is shown this round, when the member is one.
    var review: ReviewBrief?

    /// The whole lifecycle of one member in `directory`; never throws: every ending is an outcome.
    func runMember(_ member: AgentMember, in directory: String, delegatedBy: String? = nil) async -> AgentResult {
        let report = self.report
        let memberID = member.id
        let say: @Sendable (AgentActivity) async -> Void
        if member.isSubagent {
            say = { activity in await report(.by(agent: memberID, activity)) }
        } else {
            say = report
        }
        let isolated = directory != assignment.workspace
        let review = member.isSubagent ? nil : self.review
        let briefing = PhaseCostMeter.measureNow(.contextBuilding) {
            AgentBriefing(
                member: member, assignment: assignment, registry: runtime.skills,
                documents: WorkspaceDocuments.list(root: directory), review: review, delegatedBy: delegatedBy)
        }
        // A review round or an answering round is a conversation of its own: its lifecycle says which.
        let round =
            briefing.brief.review.map { " (review round \($0.round))" }
            ?? briefing.brief.feedback.map { " (answering review round \($0.round))" } ?? ""
        await say(.step(initializeLine(member, briefing: briefing, isolated: isolated) + round))
        await say(
            .step(
                (briefing.plan.isEmpty ? "plan: no methodology" : "plan: " + briefing.plan.joined(separator: " → "))
                    + round))

        let scope = SpendScope(
            workflowID: assignment.workflowID, phase: assignment.phase, attempt: assignment.attempt,
            agent: member.agentID, subagent: member.isSubagent ? member.id : nil, provider: provider.name,
            model: model ?? provider.defaultModel)
        let delegator =
            member.subagents.isEmpty
            ? nil
            : Delegator(
                session: self, subagents: member.subagents,
                definitions: member.subagents.map { subagent in
                    SubagentDefinition(
                        id: subagent.id, description: subagent.description, prompt: subagent.systemPrompt,
                        tools: runtime.tools.functions(for: subagent.tools).map(\.name), model: model)
                }, limit: max(1, assignment.maxConcurrentAgents))
        let loop = AgentLoop(
            member: member, briefing: briefing, provider: provider, model: model, tools: runtime.tools,
            budget: assignment.budget ?? runtime.budget, scope: scope, directory: directory, report: say,
            delegator: delegator,
            checks: StepCheckRunner(
                policy: assignment.policy ?? EffectivePolicy.universalOnly, directory: directory,
                phase: assignment.phase))
        let result: AgentLoop.Result
        do {
            result = try await loop.run()
        } catch .cancelled {
            return AgentResult(outcome: AgentOutcome(status: .failed(reason: "cancelled"), summary: "", steps: 0))
        } catch .notConfigured(let text) {
            return AgentResult(
                outcome: AgentOutcome(
                    status: .blocked(reason: Self.attributed(text, to: member)), summary: "", steps: 0))
        } catch {
            return AgentResult(
                outcome: AgentOutcome(
                    status: .failed(reason: Self.attributed(error.description, to: member)), summary: "", steps: 0))
        }
        var outcome = AgentOutcome(
            status: .completed, summary: "", steps: 0, transcriptTokens: result.transcriptTokens,
            answers: result.answers, changedPaths: result.changedPaths, changesComplete: result.changesComplete)
        switch result.ending {
        case .finished(let summary, let steps), .stoppedAtStepCap(let summary, let steps):
            await say(.step("summarize: \(summary)" + round))
            await say(.step("complete" + round))
            outcome.summary = summary
            outcome.steps = steps
        case .budgetDenied(let reason, let steps), .blocked(let reason, let steps):
            outcome.status = .blocked(reason: Self.attributed(reason, to: member))
            outcome.steps = steps
        case .failed(let reason, let steps):
            outcome.status = .failed(reason: Self.attributed(reason, to: member))
            outcome.steps = steps
        }
        return AgentResult(outcome: outcome, verdict: result.verdict)
    }

    private func initializeLine(_ member: AgentMember, briefing: AgentBriefing, isolated: Bool) -> String {
        var line = "initialize: \(briefing.skills.count) skill(s)"
        if !briefing.skills.isEmpty { line += " (\(briefing.skills.map(\.id).joined(separator: ", ")))" }
        line += ", tools \(member.tools.isEmpty ? "none" : member.tools.joined(separator: ", "))"
        if !member.subagents.isEmpty {
            line += ", subagents \(member.subagents.map(\.id).joined(separator: ", "))"
        }
        line += ", \(assignment.handOff.count) hand-off(s), provider \(provider.name)"
        if isolated { line += ", own working copy" }
        if let context = briefing.context {
            line += ", context \(context.full.count) file(s) whole and \(context.summarized.count) summarised"
            line += " (\(context.sentTokens) of \(context.everythingTokens) tokens)"
        }
        if !briefing.unknownSkills.isEmpty {
            line += "; unknown skill(s) ignored: \(briefing.unknownSkills.joined(separator: ", "))"
        }
        return line
    }

    /// Working copies of `directory` for the delegations of one turn, under the phase's work folder (or the
    /// workspace's `.orchestrator/work/` when the engine gave none); `batch` names them apart.
    func delegationCopies(for parent: AgentMember, in directory: String, batch: String) -> WorkingCopies? {
        let objects: ObjectStore
        let root: String
        let folder = WorkingCopies.folderName(parent.id) + ".delegations-" + WorkingCopies.folderName(batch)
        if let phase = assignment.workingCopies {
            objects = phase.objects
            root = phase.root + "/" + folder
        } else {
            guard let store = try? ObjectStore(directory: assignment.workspace + "/.orchestrator/objects") else {
                return nil
            }
            objects = store
            root = assignment.workspace + "/.orchestrator/work/" + folder
        }
        return WorkingCopies(
            workspace: WorkspaceSnapshotter(workspace: directory, objects: objects), objects: objects, root: root,
            reference: nil)
    }
}

extension RuntimeSession {
    /// A member's reason as the phase reports it: the phase names the agent itself, so only a subagent is named here
    /// (`lint: budget: …` under agent `qa`, never `qa: qa: budget: …`).
    static func attributed(_ reason: String, to member: AgentMember) -> String {
        member.isSubagent ? "\(member.id): \(reason)" : reason
    }
}

/// A member's outcome, and the verdict it submitted when it reviewed.
struct AgentResult: Sendable {
    var outcome: AgentOutcome
    var verdict: SubmittedVerdict? = nil
}

extension AgentOutcome {
    var isCompleted: Bool { if case .completed = status { true } else { false } }
}
