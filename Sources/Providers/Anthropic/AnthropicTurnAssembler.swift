import JSON
import Model

/// Builds one assistant turn from the Messages API's stream events, reporting progress as it goes.
///
/// Usage follows REFERENCE.md: `message_start` carries the input and cache counts, and every
/// `message_delta.usage` is cumulative, so each field it carries replaces the one held, never adds to it.
struct AnthropicTurnAssembler {
    private enum Block {
        case text(String)
        case toolUse(id: String, name: String, partialJSON: String)
        case completedToolUse(id: String, name: String, input: JSONValue)
        /// Its JSON did not parse; kept to decide at the end whether `max_tokens` explains it.
        case truncatedToolUse(id: String, name: String, error: String)
        /// Thinking and server-side blocks: not part of the turn this runtime acts on.
        case ignored
    }

    /// The request id of the HTTP response, for errors the stream reports.
    private let requestID: String?
    private var messageID: String?
    private var model: String?
    private var usage = TokenUsage.zero
    private var stopReason: StopReason?
    private var blocks: [Int: Block] = [:]
    /// True once `message_stop` arrived: only then is the turn whole.
    private(set) var isComplete = false

    init(requestID: String?) {
        self.requestID = requestID
    }

    /// Applies one event; returns what to report now. An `error` event throws the API error it carries.
    mutating func handle(_ event: ServerSentEvent) throws(ProviderError) -> [ModelStreamEvent] {
        let type = event.name == "message" ? (try? JSONValue(parsing: event.data))?["type"]?.stringValue : event.name
        switch type {
        case "message_start": return try messageStart(parse(event))
        case "content_block_start": return try blockStart(parse(event))
        case "content_block_delta": return try blockDelta(parse(event))
        case "content_block_stop": return try blockStop(parse(event))
        case "message_delta":
            let data = try parse(event)
            if let reason = data["delta"]?["stop_reason"]?.stringValue { stopReason = StopReason(apiName: reason) }
            if let cumulative = data["usage"] { apply(usage: cumulative) }
            return []
        case "message_stop":
            isComplete = true
            return []
        case "error":
            let data = try parse(event)
            throw .api(
                status: 200, type: data["error"]?["type"]?.stringValue ?? "error",
                message: data["error"]?["message"]?.stringValue ?? event.data,
                requestID: data["request_id"]?.stringValue ?? requestID)
        default:
            // `ping` and event types newer than this code.
            return []
        }
    }

    /// The finished turn; call only when `isComplete`.
    func turn() throws(ProviderError) -> ModelTurn {
        guard let messageID, let model else { throw .malformedResponse("the stream had no message_start") }
        let stopReason = stopReason ?? .other("unknown")
        var content: [ContentBlock] = []
        for index in blocks.keys.sorted() {
            switch blocks[index] {
            case .text(let text) where !text.isEmpty:
                content.append(.text(text))
            case .completedToolUse(let id, let name, let input):
                content.append(.toolUse(id: id, name: name, input: input))
            case .toolUse(_, let name, _):
                throw .malformedResponse("tool call \(name) (block \(index)) never ended")
            case .truncatedToolUse(_, let name, let error):
                // A call cut off by max_tokens is dropped: the stop reason already tells the caller the turn is short.
                if stopReason != .maxTokens {
                    throw .malformedResponse("tool call \(name) (block \(index)) has invalid input: \(error)")
                }
            default:
                break
            }
        }
        return ModelTurn(
            content: content, stopReason: stopReason,
            calls: [ModelCall(messageID: messageID, model: model, usage: usage)])
    }

    private mutating func messageStart(_ data: JSONValue) throws(ProviderError) -> [ModelStreamEvent] {
        guard let message = data["message"], let id = message["id"]?.stringValue else {
            throw .malformedResponse("message_start without a message id")
        }
        let model = message["model"]?.stringValue ?? ""
        messageID = id
        self.model = model
        if let initial = message["usage"] { apply(usage: initial) }
        return [.messageStarted(id: id, model: model)]
    }

    private mutating func blockStart(_ data: JSONValue) throws(ProviderError) -> [ModelStreamEvent] {
        let index = try blockIndex(data)
        let block = data["content_block"]
        switch block?["type"]?.stringValue {
        case "text":
            let text = block?["text"]?.stringValue ?? ""
            blocks[index] = .text(text)
            return text.isEmpty ? [] : [.textDelta(text)]
        case "tool_use":
            guard let id = block?["id"]?.stringValue, let name = block?["name"]?.stringValue else {
                throw .malformedResponse("tool_use block \(index) without an id or name")
            }
            // The start carries `input: {}`; the real input follows as input_json_delta fragments.
            blocks[index] = .toolUse(id: id, name: name, partialJSON: "")
        default:
            blocks[index] = .ignored
        }
        return []
    }

    private mutating func blockDelta(_ data: JSONValue) throws(ProviderError) -> [ModelStreamEvent] {
        let index = try blockIndex(data)
        let delta = data["delta"]
        switch (delta?["type"]?.stringValue, blocks[index]) {
        case ("text_delta", .text(let text)?):
            let piece = delta?["text"]?.stringValue ?? ""
            blocks[index] = .text(text + piece)
            return piece.isEmpty ? [] : [.textDelta(piece)]
        case ("input_json_delta", .toolUse(let id, let name, let partial)?):
            blocks[index] = .toolUse(
                id: id, name: name, partialJSON: partial + (delta?["partial_json"]?.stringValue ?? ""))
            return []
        case ("text_delta", _), ("input_json_delta", _):
            throw .malformedResponse("content_block_delta for block \(index), which is not open for it")
        default:
            // thinking_delta, signature_delta, citations and the like.
            return []
        }
    }

    private mutating func blockStop(_ data: JSONValue) throws(ProviderError) -> [ModelStreamEvent] {
        let index = try blockIndex(data)
        guard case .toolUse(let id, let name, let partial)? = blocks[index] else { return [] }
        do throws(JSONParseError) {
            // A tool without parameters may stream no fragment at all.
            let input = partial.allSatisfy(\.isWhitespace) ? JSONValue.object([:]) : try JSONValue(parsing: partial)
            blocks[index] = .completedToolUse(id: id, name: name, input: input)
            return [.toolUse(id: id, name: name, input: input, parentToolUseID: nil)]
        } catch {
            blocks[index] = .truncatedToolUse(id: id, name: name, error: error.description)
            return []
        }
    }

    private mutating func apply(usage fields: JSONValue) {
        func count(_ key: String) -> Int? { fields[key]?.integerValue.map { Int($0) } }
        if let value = count("input_tokens") { usage.input = value }
        if let value = count("output_tokens") { usage.output = value }
        if let value = count("cache_creation_input_tokens") { usage.cacheCreation = value }
        if let value = count("cache_read_input_tokens") { usage.cacheRead = value }
    }

    private func blockIndex(_ data: JSONValue) throws(ProviderError) -> Int {
        guard let index = data["index"]?.integerValue, index >= 0, index < Int64(Int32.max) else {
            throw .malformedResponse("content block event without a valid index")
        }
        return Int(index)
    }

    private func parse(_ event: ServerSentEvent) throws(ProviderError) -> JSONValue {
        do throws(JSONParseError) {
            return try JSONValue(parsing: event.data)
        } catch {
            throw .malformedResponse("\(event.name) event data is not JSON: \(error.description)")
        }
    }
}
