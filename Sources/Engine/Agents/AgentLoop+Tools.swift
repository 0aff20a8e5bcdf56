import JSON
import Model
import Providers
import Tools
import Tracing

/// ACT's tool calls: the registry's tools, run one after another in the member's directory; the runtime's own
/// (a verdict, answers, a step done); and the turn's delegations, run together.
extension AgentLoop {
    /// Runs a turn's tool calls; results come back in the calls' order. Returns a reason when the member must stop
    /// blocked (a delegation that blocked or conflicted).
    func runTools(
        _ uses: [(id: String, name: String, input: JSONValue)], state: inout State
    ) async -> (results: [ContentBlock], blocked: String?) {
        var results: [String: ContentBlock] = [:]
        var delegations: [(id: String, input: JSONValue)] = []
        for use in uses {
            switch use.name {
            case RuntimeTools.delegate where delegator != nil:
                delegations.append((use.id, use.input))
            case RuntimeTools.submitReview where briefing.brief.review != nil:
                results[use.id] = submitVerdict(use.id, use.input, state: &state)
                await report(.toolCall(tool: use.name, detail: Self.detail(of: use.input, key: "verdict")))
            case RuntimeTools.answerFindings where briefing.brief.feedback != nil:
                results[use.id] = answer(use.id, use.input, state: &state)
                let count = use.input["answers"]?.arrayValue?.count ?? 0
                await report(.toolCall(tool: use.name, detail: "\(count) answer(s)"))
            case RuntimeTools.completeStep:
                results[use.id] = await completeStep(use.id, use.input, state: &state)
            default:
                results[use.id] = await call(use.name, id: use.id, input: use.input, state: &state)
            }
        }
        var blocked: String?
        if let delegator, !delegations.isEmpty {
            let step = state.plan.current
            for delegation in delegations {
                let detail = Self.detail(of: delegation.input)
                await report(
                    step.map { .stepToolCall(tool: RuntimeTools.delegate, detail: detail, step: $0) }
                        ?? .toolCall(tool: RuntimeTools.delegate, detail: detail))
            }
            let outcome = await Traced.span("execute_tool \(RuntimeTools.delegate)") { span in
                span.attributes["gen_ai.operation.name"] = "execute_tool"
                span.attributes["gen_ai.tool.name"] = RuntimeTools.delegate
                span.attributes["orchestrator.delegations"] = delegations.count
                return await delegator.run(delegations, from: member, in: directory)
            }
            for (id, block) in outcome.results { results[id] = block }
            state.changed.formUnion(outcome.changedPaths)
            blocked = outcome.blocked
        }
        return (uses.compactMap { results[$0.id] }, blocked)
    }

    /// Runs one registry tool call in the member's directory; a refusal or failure goes back to the model as an error.
    private func call(_ name: String, id: String, input: JSONValue, state: inout State) async -> ContentBlock {
        let label = ToolRegistry.parseFunctionName(name).map { "\($0.tool).\($0.action)" } ?? name
        let step = state.plan.step(writing: input["path"]?.stringValue)
        if !tools.reportsEveryChange(name) { state.untracked = true }
        do {
            let output = try await PhaseCostMeter.measure(.toolCall) { () async throws(ToolError) in
                try await Traced.span("execute_tool \(label)") { span async throws(ToolError) in
                    span.attributes["gen_ai.operation.name"] = "execute_tool"
                    span.attributes["gen_ai.tool.name"] = label
                    span.attributes["gen_ai.tool.call.id"] = id
                    return try await tools.call(
                        name, arguments: input, context: ToolContext(workingCopy: directory, agentID: member.id))
                }
            }
            let detail = Self.detail(of: input)
            await report(
                step.map { .stepToolCall(tool: label, detail: detail, step: $0) }
                    ?? .toolCall(tool: label, detail: detail))
            for path in output.changedPaths { await report(.artifactWritten(path: path)) }
            state.changed.formUnion(output.changedPaths)
            return .toolResult(toolUseID: id, content: output.result.jsonString(), isError: false)
        } catch {
            let detail = "refused: \(error.description)"
            await report(
                step.map { .stepToolCall(tool: label, detail: detail, step: $0) }
                    ?? .toolCall(tool: label, detail: detail))
            return .toolResult(toolUseID: id, content: error.description, isError: true)
        }
    }

    private func submitVerdict(_ id: String, _ input: JSONValue, state: inout State) -> ContentBlock {
        switch SubmittedVerdict.parse(input) {
        case .success(let verdict):
            state.verdict = verdict
            return .toolResult(
                toolUseID: id, content: "recorded: \(verdict.verdict.rawValue), \(verdict.findings.count) finding(s)",
                isError: false)
        case .failure(let problem):
            return .toolResult(toolUseID: id, content: problem.message, isError: true)
        }
    }

    private func answer(_ id: String, _ input: JSONValue, state: inout State) -> ContentBlock {
        guard let feedback = briefing.brief.feedback else {
            return .toolResult(toolUseID: id, content: "there are no findings to answer", isError: true)
        }
        switch ReviewAnswers.parse(input, findings: feedback.findings, by: member.agentID) {
        case .success(let answers):
            state.answers.merge(answers) { _, new in new }
            let open = feedback.findings.map(\.number).filter { state.answers[$0] == nil }
            let rest =
                open.isEmpty
                ? "every finding is answered" : "still open: " + open.map(String.init).joined(separator: ", ")
            return .toolResult(toolUseID: id, content: "recorded \(answers.count) answer(s); \(rest)", isError: false)
        case .failure(let problem):
            return .toolResult(toolUseID: id, content: problem.message, isError: true)
        }
    }

    /// `complete_step`: the step's checks run now; passing marks it (and the steps before it) done.
    private func completeStep(_ id: String, _ input: JSONValue, state: inout State) async -> ContentBlock {
        guard let name = input["step"]?.stringValue, let index = state.plan.index(of: name) else {
            let left = state.plan.remaining.map(\.step.name).joined(separator: ", ")
            return .toolResult(
                toolUseID: id, content: "no step left named '\(input["step"]?.stringValue ?? "")'; left: \(left)",
                isError: true)
        }
        let step = state.plan.steps[index]
        await report(.stepToolCall(tool: RuntimeTools.completeStep, detail: name, step: name))
        if step.runsCommands { state.untracked = true }
        if let failure = await checks.run(step) {
            await report(.stepEvaluated(step: name, passed: false, detail: failure.description))
            state.failing = failure
            return .toolResult(toolUseID: id, content: failure.description, isError: true)
        }
        await report(.stepEvaluated(step: name, passed: true, detail: "checks passed"))
        state.plan.complete(through: index)
        state.failing = nil
        let next = state.plan.current.map { "next: \($0)" } ?? "every step is done"
        return .toolResult(toolUseID: id, content: "step '\(name)' done; \(next)", isError: false)
    }
}
