import JSON
import Model
import Providers
import Tokens
import Tools

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
import Tracing
#endif

/// ACT, EVALUATE and SUMMARIZE of one member: model call → tool calls → results, until the model stops, `max_steps`
/// is reached or the budget says no; when the model stops, the checks of the plan's steps left run and a failure
/// goes back to it; then the hand-off summary.
struct AgentLoop: Sendable {
    let member: AgentMember
    let briefing: AgentBriefing
    let provider: any ModelProvider
    let model: String?
    let tools: ToolRegistry
    let budget: any BudgetHook
    /// The levels this member's calls are charged to.
    let scope: SpendScope
    /// Where the member works: its working copy, or the workspace when it runs alone.
    let directory: String
    let report: @Sendable (AgentActivity) async -> Void
    /// Runs this member's delegations; nil when it has no subagents.
    let delegator: Delegator?
    /// Runs the checks of its plan's steps.
    let checks: StepCheckRunner

    /// How the loop ended.
    enum Ending: Sendable {
        case finished(summary: String, steps: Int)
        case stoppedAtStepCap(summary: String, steps: Int)
        case budgetDenied(String, steps: Int)
        /// The provider's own loop ended in an error after spending (claude-code); the usage was recorded.
        case failed(String, steps: Int)
        /// The member cannot go on without a person: a step's check still failing past `max_steps`, a subagent
        /// blocked, or subagents that changed one path differently.
        case blocked(String, steps: Int)
    }

    /// What the loop came to: its ending and what the member produced on the way.
    struct Result: Sendable {
        var ending: Ending
        /// Estimated tokens of the whole conversation (its transcript).
        var transcriptTokens: Int
        /// The verdict a reviewer submitted, if it did.
        var verdict: SubmittedVerdict?
        /// Answers to review findings, by finding number.
        var answers: [Int: ReviewAnswer]
        /// Paths the member's own tool calls and its delegations changed, sorted.
        var changedPaths: [String]
        /// Whether `changedPaths` is everything the member changed: nothing ran that can write unreported (a
        /// process-running tool, a step's checks, a provider running its own tools).
        var changesComplete: Bool
    }

    /// What one run of the loop keeps between turns.
    struct State {
        var messages: [ModelMessage]
        var steps = 0
        var lastText = ""
        var plan: SkillPlan
        var verdict: SubmittedVerdict?
        var answers: [Int: ReviewAnswer] = [:]
        var changed: Set<String> = []
        /// Something ran that may have changed files `changed` does not name.
        var untracked = false
        /// The check that failed at the last EVALUATE and has not passed since.
        var failing: StepCheckRunner.Failure?
        /// Reminders sent for a missing verdict or missing answers (each is sent at most twice).
        var reminders = 0
    }

    func run() async throws(ProviderError) -> Result {
        var state = State(messages: [ModelMessage.user(briefing.task)], plan: SkillPlan(skills: briefing.skills))
        let ending = try await Traced.span("agent \(member.id)") { span async throws(ProviderError) in
            span.attributes["gen_ai.operation.name"] = "invoke_agent"
            span.attributes["gen_ai.agent.name"] = member.id
            span.attributes["orchestrator.workflow.id"] = scope.workflowID
            span.attributes["orchestrator.phase"] = scope.phase.rawValue
            if let subagent = scope.subagent { span.attributes["orchestrator.subagent"] = subagent }
            return try await run(&state)
        }
        let transcript =
            briefing.system.reduce(0) { $0 + ApproximateTokens.count($1.text) } + Self.tokens(in: state.messages)
        return Result(
            ending: ending, transcriptTokens: transcript, verdict: state.verdict, answers: state.answers,
            changedPaths: state.changed.sorted(), changesComplete: !state.untracked)
    }

    /// The tool definitions offered: the registry's functions for the member's tools, then the runtime's own.
    func definitions(plan: SkillPlan) -> [ToolDefinition] {
        var definitions = tools.functions(for: member.tools).map {
            ToolDefinition(name: $0.name, description: $0.description, inputSchema: $0.parameters)
        }
        if let delegator { definitions.append(RuntimeTools.delegateDefinition(subagents: delegator.definitions)) }
        if briefing.brief.review != nil { definitions.append(RuntimeTools.submitReviewDefinition) }
        if briefing.brief.feedback != nil { definitions.append(RuntimeTools.answerFindingsDefinition) }
        if plan.hasChecks { definitions.append(RuntimeTools.completeStepDefinition(steps: plan.names)) }
        return definitions
    }

    private func run(_ state: inout State) async throws(ProviderError) -> Ending {
        let definitions = definitions(plan: state.plan)
        while state.steps < member.maxSteps {
            if Task.isCancelled { throw .cancelled }
            var request = ModelRequest(
                model: model, system: briefing.system, messages: state.messages, tools: definitions,
                workingDirectory: directory, maxTurns: member.maxSteps, brief: briefing.brief,
                subagents: delegator?.definitions ?? [])
            request.maxBudgetUSD = await budget.remainingUSD(scope: scope)
            // The provider's own count, when it can give one and a limit makes it matter; else the budget estimates.
            let counted = budget.enforcesLimits ? await provider.promptTokens(request) : nil
            if case .deny(let reason) = await budget.authorize(request, scope: scope, promptTokens: counted) {
                return .budgetDenied(reason, steps: state.steps)
            }
            let turn = try await call(request)
            state.steps += 1
            await budget.record(turn, request: request, scope: scope)
            state.messages.append(ModelMessage(role: .assistant, content: turn.content))
            let usage = turn.usage
            await report(
                .step(
                    "act: step \(state.steps), \(turn.toolUses.count) tool call(s), \(usage.totalInput) tokens in, "
                        + "\(usage.output) out (\(turn.calls.first?.model ?? provider.name))"))
            switch turn.stopReason {
            case .processFailed(let status, let stderr):
                let tail = stderr.isEmpty ? "" : ": \(stderr)"
                return .failed("the model process ended without a result (\(status))\(tail)", steps: state.steps)
            case .failed(let text):
                return .failed(text, steps: state.steps)
            case .budgetExceeded:
                return .budgetDenied("the provider stopped at its spending limit", steps: state.steps)
            default:
                break
            }
            if !turn.text.isEmpty { state.lastText = turn.text }
            if turn.toolsRunByProvider { state.untracked = true }
            if turn.toolsRunByProvider || turn.stopReason != .toolUse || turn.toolUses.isEmpty {
                if turn.toolsRunByProvider, briefing.brief.review != nil, state.verdict == nil {
                    // A provider that runs its own tools cannot call ours: its verdict is the JSON it ends with.
                    state.verdict = try? SubmittedVerdict.parse(inText: turn.text).get()
                }
                if let reminder = reminder(for: state) {
                    state.reminders += 1
                    state.messages.append(.user(reminder))
                    continue
                }
                if let failure = await evaluate(&state) {
                    state.messages.append(.user(Self.feedback(for: failure)))
                    continue
                }
                return .finished(summary: Self.summary(state.lastText, member: member), steps: state.steps)
            }
            let (results, blocked) = await runTools(turn.toolUses, state: &state)
            state.messages.append(ModelMessage(role: .user, content: results))
            if let blocked { return .blocked(blocked, steps: state.steps) }
        }
        // Out of steps: a step whose check still fails (or fails now) is work not done, and says so.
        if let failure = await evaluate(&state) ?? state.failing {
            return .blocked(
                "\(failure.description) (still failing after max_steps \(member.maxSteps))", steps: state.steps)
        }
        return .stoppedAtStepCap(
            summary: Self.summary(state.lastText, member: member) + " (stopped at max_steps \(member.maxSteps))",
            steps: state.steps)
    }

    /// One model call; a call that fails without usage gives its reservation back to the other agents.
    private func call(_ request: ModelRequest) async throws(ProviderError) -> ModelTurn {
        let providerRunsTools = provider.runsToolsItself
        let model = request.model ?? self.model
        do {
            return try await PhaseCostMeter.measure(.agentTurn) { () async throws(ProviderError) -> ModelTurn in
                try await Traced.span("chat \(model ?? provider.name)", kind: .client) {
                    span async throws(ProviderError) in
                    GenAISpanAttributes.request(span, provider: scope.provider, model: model)
                    let turn = try await provider.complete(request) { event in
                        // Tools a provider runs itself are only seen in its stream; ours are reported when we run them.
                        guard providerRunsTools else { return }
                        if case .toolUse(_, let name, let input, let parent) = event {
                            let detail = Self.detail(of: input) + (parent.map { " (subagent of \($0))" } ?? "")
                            await report(.toolCall(tool: name, detail: detail))
                        }
                    }
                    GenAISpanAttributes.response(span, turn: turn)
                    return turn
                }
            }
        } catch {
            await budget.release(request, scope: scope)
            throw error
        }
    }

    /// What to remind a member of before it may end: a reviewer's missing verdict, unanswered findings.
    private func reminder(for state: State) -> String? {
        guard state.reminders < 2 else { return nil }
        if briefing.brief.review != nil, state.verdict == nil {
            return provider.runsToolsItself
                ? "End with your verdict as one JSON object: " + SubmittedVerdict.textFormat
                : "Give your verdict with the \(RuntimeTools.submitReview) tool before you end."
        }
        if let feedback = briefing.brief.feedback, !provider.runsToolsItself {
            let open = feedback.findings.map(\.number).filter { state.answers[$0] == nil }
            if !open.isEmpty {
                return "Answer findings " + open.map(String.init).joined(separator: ", ")
                    + " with the \(RuntimeTools.answerFindings) tool (fixed or dismissed, with a reason) before you end."
            }
        }
        return nil
    }

    /// EVALUATE: runs the checks of every step left, in order; steps that pass are done, the first failure is kept.
    func evaluate(_ state: inout State) async -> StepCheckRunner.Failure? {
        for (index, step) in state.plan.remaining where !step.checks.isEmpty {
            if step.runsCommands { state.untracked = true }
            if let failure = await checks.run(step) {
                await report(.stepEvaluated(step: step.name, passed: false, detail: failure.description))
                state.failing = failure
                return failure
            }
            await report(.stepEvaluated(step: step.name, passed: true, detail: "checks passed"))
            state.plan.complete(through: index)
        }
        state.failing = nil
        if let last = state.plan.remaining.last?.index { state.plan.complete(through: last) }
        return nil
    }

    /// The message that gives a failed check back to the model.
    static func feedback(for failure: StepCheckRunner.Failure) -> String {
        "EVALUATE: \(failure.description). Fix what it names, then finish again (or call "
            + "\(RuntimeTools.completeStep) for the step)."
    }

    /// A short, single-line account of a call's arguments for the event log (`key` first, when given).
    static func detail(of input: JSONValue, key: String? = nil) -> String {
        for key in [key].compactMap({ $0 }) + ["path", "file_path", "command", "sql", "subcommand", "subagent", "step"]
        {
            if let value = input[key]?.stringValue { return value }
        }
        let text = input.jsonString()
        return text.count > 120 ? String(text.prefix(117)) + "..." : text
    }

    static func summary(_ text: String, member: AgentMember) -> String {
        let trimmed = text.trimmedWhitespace
        guard !trimmed.isEmpty else { return "\(member.id) finished without a summary" }
        return trimmed.count > 2_000 ? String(trimmed.prefix(1_997)) + "..." : trimmed
    }

    /// Tokens of a conversation's messages, tool inputs and results included.
    static func tokens(in messages: [ModelMessage]) -> Int {
        messages.flatMap(\.promptTexts).reduce(0) { $0 + ApproximateTokens.count($1) }
    }
}
