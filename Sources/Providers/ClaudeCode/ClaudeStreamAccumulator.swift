import Model

/// Builds one `ModelTurn` from the lines of a `claude -p` run as they arrive, and says what to report live.
///
/// Usage is counted once per assistant message id: several lines of one message repeat its usage, so a
/// repeat replaces (field by field, the larger count) rather than adds. When the result line comes, its
/// per-model totals (`modelUsage`, else `usage`) are authoritative: whatever they hold beyond the messages seen
/// (background calls the CLI makes without printing an assistant line) is added as one call per model.
struct ClaudeStreamAccumulator: Sendable {
    private(set) var sessionID: String?
    private(set) var model: String?
    private(set) var result: ClaudeStreamEvent.ResultLine?
    /// Lines on stdout that were not JSON objects, or too long to keep.
    private(set) var unreadableLines = 0
    private var calls: [ModelCall] = []
    private var callIndex: [String: Int] = [:]
    private var toolUses: [ContentBlock] = []
    private var toolUseIDs: Set<String> = []
    private var text: [String] = []
    /// Our subagent ids by the names Claude Code knows them by (from `--agents`).
    private let subagentIDs: [String: String]
    /// The subagent each Task call started, by the call's id.
    private var subagentsByTask: [String: String] = [:]

    init(subagentIDs: [String: String] = [:]) {
        self.subagentIDs = subagentIDs
    }

    /// Takes one event in; returns what to report to the caller for it.
    mutating func consume(_ event: ClaudeStreamEvent) -> [ModelStreamEvent] {
        switch event {
        case .systemInit(let session, let model):
            sessionID = session ?? sessionID
            self.model = model ?? self.model
            return []
        case .assistant(let line):
            return consume(line)
        case .toolResults(let results):
            return results.map { .toolResult(toolUseID: $0.toolUseID, isError: $0.isError) }
        case .result(let line):
            result = line
            sessionID = line.sessionID ?? sessionID
            return []
        case .ignored:
            return []
        }
    }

    /// Counts a stdout line that could not be read.
    mutating func noteUnreadableLine() { unreadableLines += 1 }

    private mutating func consume(_ line: ClaudeStreamEvent.AssistantLine) -> [ModelStreamEvent] {
        var reported: [ModelStreamEvent] = []
        if let index = callIndex[line.messageID] {
            if let usage = line.usage { calls[index].usage = Self.larger(calls[index].usage, usage) }
        } else {
            callIndex[line.messageID] = calls.count
            calls.append(
                ModelCall(
                    messageID: line.messageID, model: line.model, usage: line.usage ?? .zero,
                    parentToolUseID: line.parentToolUseID,
                    subagent: line.parentToolUseID.flatMap { subagentsByTask[$0] }))
            reported.append(.messageStarted(id: line.messageID, model: line.model))
        }
        for block in line.content {
            switch block {
            case .text(let fragment) where line.parentToolUseID == nil:
                // A subagent's prose is its own business; the turn's text is the top-level agent's.
                text.append(fragment)
                reported.append(.textDelta(fragment))
            case .toolUse(let id, let name, let input) where !toolUseIDs.contains(id):
                toolUseIDs.insert(id)
                if name == ClaudeCodeAgents.taskTool, let type = input["subagent_type"]?.stringValue {
                    // A subagent of ours by its Claude Code name; another (general-purpose) is charged to the agent.
                    subagentsByTask[id] = subagentIDs[type]
                }
                toolUses.append(block)
                reported.append(.toolUse(id: id, name: name, input: input, parentToolUseID: line.parentToolUseID))
            default:
                break
            }
        }
        return reported
    }

    /// The turn of a run that printed its result line; `nil` when none came.
    func completedTurn() -> ModelTurn? {
        guard let result else { return nil }
        let finalText = result.text ?? text.joined(separator: "\n\n")
        return ModelTurn(
            content: (finalText.isEmpty ? [] : [.text(finalText)]) + toolUses,
            stopReason: Self.stopReason(of: result), calls: reconciledCalls(with: result),
            reportedCostUSD: result.totalCostUSD, toolsRunByProvider: true)
    }

    /// The turn of a run that ended without a result line: the usage of every message seen, and why it failed.
    func failedTurn(status: String, stderr: String) -> ModelTurn {
        let finalText = text.joined(separator: "\n\n")
        return ModelTurn(
            content: (finalText.isEmpty ? [] : [.text(finalText)]) + toolUses,
            stopReason: .processFailed(status: status, stderr: failureDetail(stderr: stderr)), calls: calls,
            reportedCostUSD: nil,
            toolsRunByProvider: true)
    }

    /// The stderr tail of a run without a result, with a note of stdout lines that could not be read.
    func failureDetail(stderr: String) -> String {
        guard unreadableLines > 0 else { return stderr }
        let note = "\(unreadableLines) stdout line\(unreadableLines == 1 ? " was" : "s were") not stream-json"
        return stderr.isEmpty ? note : "\(stderr)\n(\(note))"
    }

    /// Whether any model message was seen, i.e. whether the run cost anything we can count.
    var sawMessages: Bool { !calls.isEmpty }

    private func reconciledCalls(with result: ClaudeStreamEvent.ResultLine) -> [ModelCall] {
        var totals = result.modelUsage
        if totals.isEmpty, let usage = result.usage {
            totals[model ?? calls.last?.model ?? "unknown"] = usage
        }
        var reconciled = calls
        for (model, total) in totals.sorted(by: { $0.key < $1.key }) {
            let seen = calls.filter { $0.model == model }.reduce(TokenUsage.zero) { $0 + $1.usage }
            let rest = TokenUsage(
                input: max(0, total.input - seen.input), output: max(0, total.output - seen.output),
                cacheCreation: max(0, total.cacheCreation - seen.cacheCreation),
                cacheRead: max(0, total.cacheRead - seen.cacheRead))
            guard rest.total > 0 else { continue }
            reconciled.append(
                ModelCall(messageID: "\(sessionID ?? "claude-code")/unstreamed/\(model)", model: model, usage: rest))
        }
        return reconciled
    }

    static func stopReason(of result: ClaudeStreamEvent.ResultLine) -> StopReason {
        switch result.subtype {
        case "error_max_turns": return .maxTurns
        case "error_max_budget_usd": return .budgetExceeded
        case "success" where !result.isError: return .endTurn
        default:
            guard result.isError || result.subtype.hasPrefix("error") else { return .other(result.subtype) }
            let details = ([result.text].compactMap { $0 } + result.errors).filter { !$0.isEmpty }
            return .failed(([result.subtype] + details).joined(separator: ": "))
        }
    }

    private static func larger(_ left: TokenUsage, _ right: TokenUsage) -> TokenUsage {
        TokenUsage(
            input: max(left.input, right.input), output: max(left.output, right.output),
            cacheCreation: max(left.cacheCreation, right.cacheCreation), cacheRead: max(left.cacheRead, right.cacheRead)
        )
    }
}
