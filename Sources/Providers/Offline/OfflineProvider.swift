import JSON
import Model

/// The default provider: a deterministic script, not a model. It answers the agent loop with real tool
/// calls that write the phase's artifacts from the task brief, and says in every file that no model wrote it.
///
/// Its conversation has at most three turns: in the qa phase it first runs the test suite through
/// `python_executor`, then it writes every artifact through `file_system`, then it ends with a summary.
/// The same brief and tool results always give the same bytes.
public struct OfflineProvider: ModelProvider {
    public let name = "offline"
    /// What the ledger records as the model.
    public static let model = "offline-deterministic"
    public var defaultModel: String? { Self.model }
    static let writeFunction = "file_system__write"
    static let runFunction = "python_executor__run"

    public init() {}

    public func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        if Task.isCancelled { throw .cancelled }
        let brief = request.brief
        let history = OfflineHistory(request.messages)
        let offered = Set(request.tools.map(\.name))
        let turnNumber = history.assistantTurns + 1
        let messageID = Self.messageID(brief: brief, turn: turnNumber)
        await events(.messageStarted(id: messageID, model: Self.model))

        var content: [ContentBlock] = []
        var stopReason = StopReason.endTurn
        let author = OfflineAuthor(brief: brief, testRun: history.testRun)
        if brief.phase == .qa && !history.called(Self.runFunction) && !history.called(Self.writeFunction)
            && offered.contains(Self.runFunction)
        {
            content = [
                .text("Running the test suite before writing the QA report."),
                .toolUse(
                    id: Self.toolUseID(messageID, 0), name: Self.runFunction,
                    input: .object(["code": .string(OfflineAuthor.testRunnerScript)])),
            ]
            stopReason = .toolUse
        } else if !history.called(Self.writeFunction) && !brief.artifactPaths.isEmpty
            && offered.contains(Self.writeFunction)
        {
            var files = brief.artifactPaths.map { ($0, author.content(for: $0)) }
            if let coverage = history.testRun?.coverage {
                files.append((OfflineAuthor.coverageReportPath, coverage.lcov))
            }
            content = [.text("Writing \(files.map(\.0).joined(separator: ", ")).")]
            for (index, file) in files.enumerated() {
                content.append(
                    .toolUse(
                        id: Self.toolUseID(messageID, index), name: Self.writeFunction,
                        input: .object(["path": .string(file.0), "content": .string(file.1)])))
            }
            stopReason = .toolUse
        } else {
            content = [
                .text(author.summary(failures: history.failures, canWrite: offered.contains(Self.writeFunction)))
            ]
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
    /// later attempt a new one (the ledger charges each message id once).
    static func messageID(brief: TaskBrief, turn: Int) -> String {
        let key = "\(brief.workflowID)|\(brief.phase.rawValue)|\(brief.attempt)|\(brief.agentID)|\(turn)"
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
    var results: [String: (content: String, isError: Bool)] = [:]

    init(_ messages: [ModelMessage]) {
        for message in messages {
            if message.role == .assistant { assistantTurns += 1 }
            for block in message.content {
                switch block {
                case .toolUse(let id, let name, _): calledFunctions[id] = name
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

    /// The tool calls that failed, as "function: message", in a stable order.
    var failures: [String] {
        results.filter(\.value.isError).keys.sorted().map { id in
            "\(calledFunctions[id] ?? "tool"): \(results[id]?.content ?? "")"
        }
    }
}
