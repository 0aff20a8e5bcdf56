import JSON
import Model

/// The default provider: a deterministic script, not a model. It answers the agent loop with real tool
/// calls that write the phase's artifacts from the task brief, and says in every file that no model wrote it.
///
/// An agent's conversation: in the qa phase it first runs the test suite through `python_executor`; an agent with
/// subagents then delegates to each of them at once (`delegate`, planned by `OfflineTeamPlan`); then it writes its
/// own files through `file_system`; then it ends with a summary. A reviewer reads the files under review (or the
/// diff it was given), submits its verdict from `OfflineReviewer`'s rules and ends; an agent given review findings
/// answers them and ends. The same brief and tool results always give the same bytes.
public struct OfflineProvider: ModelProvider {
    public let name = "offline"
    /// What the ledger records as the model.
    public static let model = "offline-deterministic"
    public var defaultModel: String? { Self.model }
    static let writeFunction = "file_system__write"
    static let readFunction = "file_system__read"
    static let runFunction = "python_executor__run"

    public init() {}

    public func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        if Task.isCancelled { throw .cancelled }
        let brief = request.brief
        let history = OfflineHistory(request.messages)
        let turnNumber = history.assistantTurns + 1
        let messageID = Self.messageID(brief: brief, turn: turnNumber)
        await events(.messageStarted(id: messageID, model: Self.model))

        let script = OfflineScript(request: request, history: history, messageID: messageID)
        let (content, stopReason): ([ContentBlock], StopReason)
        if let review = brief.review {
            (content, stopReason) = script.reviewTurn(review)
        } else if let feedback = brief.feedback {
            (content, stopReason) = script.answerTurn(feedback)
        } else {
            (content, stopReason) = script.workTurn()
        }
        for block in content {
            switch block {
            case .text(let text): await events(.textDelta(text))
            case .toolUse(let id, let name, let input):
                await events(.toolUse(id: id, name: name, input: input, parentToolUseID: nil))
            case .toolResult: break
            }
        }
        let usage = TokenUsage(
            input: OfflineTokenEstimate.tokens(in: request), output: OfflineTokenEstimate.tokens(in: content))
        return ModelTurn(
            content: content, stopReason: stopReason,
            calls: [ModelCall(messageID: messageID, model: Self.model, usage: usage)])
    }

    /// A stable id: the same agent, phase attempt and turn of the same workflow always get the same one, and a
    /// later attempt a new one (the ledger charges each message id once). A review round and an answering round are
    /// conversations of their own, told apart by the round.
    static func messageID(brief: TaskBrief, turn: Int) -> String {
        var key = "\(brief.workflowID)|\(brief.phase.rawValue)|\(brief.attempt)|\(brief.agentID)|\(turn)"
        if let review = brief.review { key += "|review \(review.round)" }
        if let feedback = brief.feedback { key += "|answers \(feedback.round)" }
        return "msg_offline_" + OfflineTokenEstimate.fingerprint(key)
    }

    static func toolUseID(_ messageID: String, _ index: Int) -> String {
        "toolu_" + messageID.dropFirst("msg_".count) + "_\(index)"
    }
}

/// What the conversation so far tells the offline provider: its earlier tool calls and their results.
struct OfflineHistory {
    var assistantTurns = 0
    var calledFunctions: [String: String] = [:]
    var inputs: [String: JSONValue] = [:]
    var results: [String: (content: String, isError: Bool)] = [:]

    init(_ messages: [ModelMessage]) {
        for message in messages {
            if message.role == .assistant { assistantTurns += 1 }
            for block in message.content {
                switch block {
                case .toolUse(let id, let name, let input):
                    calledFunctions[id] = name
                    inputs[id] = input
                case .toolResult(let id, let content, let isError): results[id] = (content, isError)
                case .text: break
                }
            }
        }
    }

    func called(_ function: String) -> Bool { calledFunctions.values.contains(function) }

    /// The test suite's counts, when the runner script ran and printed them.
    var testRun: OfflineTestRun? {
        for (id, name) in calledFunctions where name == OfflineProvider.runFunction {
            if let result = results[id], let run = OfflineTestRun(toolOutput: result.content) { return run }
        }
        return nil
    }

    /// The text of each file read through `file_system.read`, by path.
    var readFiles: [String: String] {
        var files: [String: String] = [:]
        for (id, name) in calledFunctions where name == OfflineProvider.readFunction {
            guard let path = inputs[id]?["path"]?.stringValue, let result = results[id], !result.isError,
                let value = try? JSONValue(parsing: result.content), let content = value["content"]?.stringValue
            else { continue }
            files[path] = content
        }
        return files
    }

    /// The tool calls that failed, as "function: message", in a stable order.
    var failures: [String] {
        results.filter(\.value.isError).keys.sorted().map { id in
            "\(calledFunctions[id] ?? "tool"): \(results[id]?.content ?? "")"
        }
    }
}
