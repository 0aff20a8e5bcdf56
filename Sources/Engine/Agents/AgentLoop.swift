import JSON
import Model
import Providers
import Tokens
import Tools

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ACT and SUMMARIZE of one member: model call → tool calls → results, until the model stops, `max_steps`
/// is reached or the budget says no; then the hand-off summary.
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

    /// How the loop ended.
    enum Ending: Sendable {
        case finished(summary: String, steps: Int)
        case stoppedAtStepCap(summary: String, steps: Int)
        case budgetDenied(String, steps: Int)
        /// The provider's own loop ended in an error after spending (claude-code); the usage was recorded.
        case failed(String, steps: Int)
    }

    /// Runs the loop; also returns the estimated tokens of the whole conversation (its transcript).
    func run() async throws(ProviderError) -> (ending: Ending, transcriptTokens: Int) {
        var messages = [ModelMessage.user(briefing.task)]
        let ending = try await run(&messages)
        return (ending, briefing.system.reduce(0) { $0 + ApproximateTokens.count($1.text) } + Self.tokens(in: messages))
    }

    private func run(_ messages: inout [ModelMessage]) async throws(ProviderError) -> Ending {
        let functions = tools.functions(for: member.tools)
        let definitions = functions.map {
            ToolDefinition(name: $0.name, description: $0.description, inputSchema: $0.parameters)
        }
        var steps = 0
        var lastText = ""
        while steps < member.maxSteps {
            if Task.isCancelled { throw .cancelled }
            var request = ModelRequest(
                model: model, system: briefing.system, messages: messages, tools: definitions,
                workingDirectory: directory, maxTurns: member.maxSteps, brief: briefing.brief)
            request.maxBudgetUSD = await budget.remainingUSD(scope: scope)
            // The provider's own count, when it can give one and a limit makes it matter; else the budget estimates.
            let counted = budget.enforcesLimits ? await provider.promptTokens(request) : nil
            if case .deny(let reason) = await budget.authorize(request, scope: scope, promptTokens: counted) {
                return .budgetDenied(reason, steps: steps)
            }
            let providerRunsTools = provider.runsToolsItself
            let turn: ModelTurn
            do {
                turn = try await PhaseCostMeter.measure(.agentTurn) { () async throws(ProviderError) -> ModelTurn in
                    try await provider.complete(request) { event in
                        // Tools a provider runs itself are only seen in its stream; ours are reported when we run
                        // them.
                        guard providerRunsTools else { return }
                        if case .toolUse(_, let name, let input, let parent) = event {
                            let detail = Self.detail(of: input) + (parent.map { " (subagent of \($0))" } ?? "")
                            await report(.toolCall(tool: name, detail: detail))
                        }
                    }
                }
            } catch {
                // The call spent nothing we were told of: give its reservation back to the other agents.
                await budget.release(request, scope: scope)
                throw error
            }
            steps += 1
            await budget.record(turn, request: request, scope: scope)
            messages.append(ModelMessage(role: .assistant, content: turn.content))
            let usage = turn.usage
            await report(
                .step(
                    "act: step \(steps), \(turn.toolUses.count) tool call(s), \(usage.totalInput) tokens in, "
                        + "\(usage.output) out (\(turn.calls.first?.model ?? provider.name))"))
            switch turn.stopReason {
            case .processFailed(let status, let stderr):
                let tail = stderr.isEmpty ? "" : ": \(stderr)"
                return .failed("the model process ended without a result (\(status))\(tail)", steps: steps)
            case .failed(let text):
                return .failed(text, steps: steps)
            case .budgetExceeded:
                return .budgetDenied("the provider stopped at its spending limit", steps: steps)
            default:
                break
            }
            if !turn.text.isEmpty { lastText = turn.text }
            if turn.toolsRunByProvider || turn.stopReason != .toolUse || turn.toolUses.isEmpty {
                return .finished(summary: Self.summary(lastText, member: member), steps: steps)
            }
            var results: [ContentBlock] = []
            for use in turn.toolUses {
                results.append(await call(use.name, id: use.id, input: use.input))
            }
            messages.append(ModelMessage(role: .user, content: results))
        }
        return .stoppedAtStepCap(
            summary: Self.summary(lastText, member: member) + " (stopped at max_steps \(member.maxSteps))",
            steps: steps)
    }

    /// Runs one tool call in the member's directory; a refusal or failure goes back to the model as an error.
    private func call(_ name: String, id: String, input: JSONValue) async -> ContentBlock {
        let label = ToolRegistry.parseFunctionName(name).map { "\($0.tool).\($0.action)" } ?? name
        do {
            let output = try await PhaseCostMeter.measure(.toolCall) { () async throws(ToolError) in
                try await tools.call(
                    name, arguments: input, context: ToolContext(workingCopy: directory, agentID: member.id))
            }
            await report(.toolCall(tool: label, detail: Self.detail(of: input)))
            for path in output.changedPaths { await report(.artifactWritten(path: path)) }
            return .toolResult(toolUseID: id, content: output.result.jsonString(), isError: false)
        } catch {
            await report(.toolCall(tool: label, detail: "refused: \(error.description)"))
            return .toolResult(toolUseID: id, content: error.description, isError: true)
        }
    }

    /// A short, single-line account of a call's arguments for the event log.
    static func detail(of input: JSONValue) -> String {
        for key in ["path", "file_path", "command", "sql", "subcommand"] {
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
