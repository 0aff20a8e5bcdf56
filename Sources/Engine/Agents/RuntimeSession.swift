import Config
import Providers
import Snapshots

/// One phase agent's run: where each member works, and the lifecycle events of each.
struct RuntimeSession: Sendable {
    let runtime: AgentRuntime
    let assignment: AgentAssignment
    let provider: any ModelProvider
    let model: String?
    /// Whether members work in their own copies (more than one writer in the phase).
    let isolated: Bool
    let report: @Sendable (AgentActivity) async -> Void

    /// Runs the subagents concurrently, at most `limit` at once; their outcomes come back in their order.
    func runSubagents(_ members: [AgentMember], limit: Int) async -> [AgentOutcome] {
        await withTaskGroup(of: (Int, AgentOutcome).self) { group -> [AgentOutcome] in
            var outcomes: [Int: AgentOutcome] = [:]
            var next = 0
            while next < min(limit, members.count) {
                let index = next
                group.addTask { (index, await self.runMember(members[index])) }
                next += 1
            }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < members.count {
                    let following = next
                    group.addTask { (following, await self.runMember(members[following])) }
                    next += 1
                }
            }
            return members.indices.compactMap { outcomes[$0] }
        }
    }

    /// The whole lifecycle of one member; never throws: every ending is an outcome.
    func runMember(_ member: AgentMember, delegated: [String] = []) async -> AgentOutcome {
        let report = self.report
        let memberID = member.id
        let say: @Sendable (AgentActivity) async -> Void
        if member.isSubagent {
            say = { activity in await report(.by(agent: memberID, activity)) }
        } else {
            say = report
        }
        let directory: String
        if isolated, let copies = assignment.workingCopies {
            do {
                directory = try await PhaseCostMeter.measure(.workingCopySetup) { () async throws(SnapshotError) in
                    try await copies.checkout(for: member.id)
                }
            } catch {
                return AgentOutcome(
                    status: .failed(
                        reason: Self.attributed("cannot make a working copy: \(error.description)", to: member)),
                    summary: "", steps: 0)
            }
        } else {
            directory = assignment.workspace
        }

        let briefing = PhaseCostMeter.measureNow(.contextBuilding) {
            AgentBriefing(
                member: member, assignment: assignment, registry: runtime.skills, delegated: delegated,
                documents: WorkspaceDocuments.list(root: directory))
        }
        var initialize = "initialize: \(briefing.skills.count) skill(s)"
        if !briefing.skills.isEmpty { initialize += " (\(briefing.skills.map(\.id).joined(separator: ", ")))" }
        initialize += ", tools \(member.tools.isEmpty ? "none" : member.tools.joined(separator: ", "))"
        initialize += ", \(assignment.handOff.count) hand-off(s), provider \(provider.name)"
        if isolated { initialize += ", own working copy" }
        if let context = briefing.context {
            initialize += ", context \(context.full.count) file(s) whole and \(context.summarized.count) summarised"
            initialize += " (\(context.sentTokens) of \(context.everythingTokens) tokens)"
        }
        if !briefing.unknownSkills.isEmpty {
            initialize += "; unknown skill(s) ignored: \(briefing.unknownSkills.joined(separator: ", "))"
        }
        await say(.step(initialize))
        await say(
            .step(briefing.plan.isEmpty ? "plan: no methodology" : "plan: " + briefing.plan.joined(separator: " → ")))

        let scope = SpendScope(
            workflowID: assignment.workflowID, phase: assignment.phase, attempt: assignment.attempt,
            agent: member.agentID, subagent: member.isSubagent ? member.id : nil, provider: provider.name,
            model: model ?? provider.defaultModel)
        let loop = AgentLoop(
            member: member, briefing: briefing, provider: provider, model: model, tools: runtime.tools,
            budget: assignment.budget ?? runtime.budget, scope: scope, directory: directory, report: say)
        let ending: AgentLoop.Ending
        let transcriptTokens: Int
        do {
            (ending, transcriptTokens) = try await loop.run()
        } catch .cancelled {
            return AgentOutcome(status: .failed(reason: "cancelled"), summary: "", steps: 0)
        } catch .notConfigured(let text) {
            return AgentOutcome(status: .blocked(reason: Self.attributed(text, to: member)), summary: "", steps: 0)
        } catch {
            return AgentOutcome(
                status: .failed(reason: Self.attributed(error.description, to: member)), summary: "", steps: 0)
        }
        switch ending {
        case .finished(let summary, let steps), .stoppedAtStepCap(let summary, let steps):
            await say(.step("summarize: \(summary)"))
            await say(.step("complete"))
            return AgentOutcome(
                status: .completed, summary: summary, steps: steps, transcriptTokens: transcriptTokens)
        case .budgetDenied(let reason, let steps):
            return AgentOutcome(
                status: .blocked(reason: Self.attributed(reason, to: member)), summary: "", steps: steps,
                transcriptTokens: transcriptTokens)
        case .failed(let reason, let steps):
            return AgentOutcome(
                status: .failed(reason: Self.attributed(reason, to: member)), summary: "", steps: steps,
                transcriptTokens: transcriptTokens)
        }
    }
}

extension RuntimeSession {
    /// A member's reason as the phase reports it: the phase names the agent itself, so only a subagent is named here
    /// (`lint: budget: …` under agent `qa`, never `qa: qa: budget: …`).
    static func attributed(_ reason: String, to member: AgentMember) -> String {
        member.isSubagent ? "\(member.id): \(reason)" : reason
    }
}

extension AgentOutcome {
    var isCompleted: Bool { if case .completed = status { true } else { false } }
}
