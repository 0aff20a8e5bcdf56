import JSON
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One line of `claude -p --output-format stream-json`, reduced to what the provider uses.
enum ClaudeStreamEvent: Sendable, Hashable {
    /// `system`/`init`: the session and the model the CLI chose.
    case systemInit(sessionID: String?, model: String?)
    /// `assistant`: one line of a model message (several lines may share a message id).
    case assistant(AssistantLine)
    /// `user`: tool results Claude Code fed back to the model.
    case toolResults([ToolResult])
    /// `result`: the last line, with the outcome and the totals.
    case result(ResultLine)
    /// A type or subtype we do not use (`stream_event`, `rate_limit_event`, `system`/`compact_boundary`, …).
    case ignored

    /// What an `assistant` line says.
    struct AssistantLine: Sendable, Hashable {
        var messageID: String
        var model: String
        var parentToolUseID: String?
        /// Text and tool-use blocks in order; thinking blocks are left out.
        var content: [ContentBlock]
        var usage: TokenUsage?
    }

    /// One `tool_result` block.
    struct ToolResult: Sendable, Hashable {
        var toolUseID: String
        var isError: Bool
    }

    /// What the `result` line says.
    struct ResultLine: Sendable, Hashable {
        var subtype: String
        var isError: Bool
        var text: String?
        var sessionID: String?
        var usage: TokenUsage?
        /// `total_cost_usd`, exactly as written.
        var totalCostUSD: Decimal?
        /// `modelUsage`, by model id.
        var modelUsage: [String: TokenUsage]
        /// `errors`, which error subtypes may carry.
        var errors: [String]
    }

    /// A line that is not a JSON object.
    struct Unparsable: Error {
        var reason: String
    }

    /// Parses one line; unknown types become `.ignored`, text that is not a JSON object throws.
    init(line: [UInt8]) throws(Unparsable) {
        let value: JSONValue
        do {
            // Tool inputs can nest deeper than an RPC message; the bound only guards the parser's stack.
            value = try JSONValue(parsing: String(decoding: line, as: UTF8.self), maxDepth: 256)
        } catch {
            throw Unparsable(reason: error.description)
        }
        guard case .object = value else { throw Unparsable(reason: "not a JSON object") }
        switch value["type"]?.stringValue {
        case "system":
            self =
                value["subtype"]?.stringValue == "init"
                ? .systemInit(sessionID: value["session_id"]?.stringValue, model: value["model"]?.stringValue)
                : .ignored
        case "assistant":
            self = Self.assistant(value).map { .assistant($0) } ?? .ignored
        case "user":
            let results = (value["message"]?["content"]?.arrayValue ?? []).compactMap { block -> ToolResult? in
                guard block["type"]?.stringValue == "tool_result", let id = block["tool_use_id"]?.stringValue else {
                    return nil
                }
                return ToolResult(toolUseID: id, isError: block["is_error"]?.boolValue ?? false)
            }
            self = results.isEmpty ? .ignored : .toolResults(results)
        case "result":
            self = .result(Self.result(value, line: line))
        default:
            self = .ignored
        }
    }

    private static func parent(of value: JSONValue) -> String? {
        value["parent_tool_use_id"]?.stringValue
    }

    private static func assistant(_ value: JSONValue) -> AssistantLine? {
        guard let message = value["message"], let id = message["id"]?.stringValue else { return nil }
        let content = (message["content"]?.arrayValue ?? []).compactMap { block -> ContentBlock? in
            switch block["type"]?.stringValue {
            case "text": return block["text"]?.stringValue.map { .text($0) }
            case "tool_use":
                guard let id = block["id"]?.stringValue, let name = block["name"]?.stringValue else { return nil }
                return .toolUse(id: id, name: name, input: block["input"] ?? .object([:]))
            default: return nil
            }
        }
        return AssistantLine(
            messageID: id, model: message["model"]?.stringValue ?? "", parentToolUseID: parent(of: value),
            content: content, usage: message["usage"].flatMap(apiUsage))
    }

    private static func result(_ value: JSONValue, line: [UInt8]) -> ResultLine {
        var models: [String: TokenUsage] = [:]
        for (model, usage) in value["modelUsage"]?.objectValue ?? [:] {
            models[model] = TokenUsage(
                input: count(usage["inputTokens"]), output: count(usage["outputTokens"]),
                cacheCreation: count(usage["cacheCreationInputTokens"]), cacheRead: count(usage["cacheReadInputTokens"])
            )
        }
        let errors = (value["errors"]?.arrayValue ?? []).map { $0.stringValue ?? $0.jsonString() }
        return ResultLine(
            subtype: value["subtype"]?.stringValue ?? "", isError: value["is_error"]?.boolValue ?? false,
            text: value["result"]?.stringValue, sessionID: value["session_id"]?.stringValue,
            usage: value["usage"].flatMap(apiUsage),
            totalCostUSD: JSONNumberLiteral.decimal(member: "total_cost_usd", in: line), modelUsage: models,
            errors: errors)
    }

    /// A Messages API `usage` object; `nil` when it is not an object.
    private static func apiUsage(_ usage: JSONValue) -> TokenUsage? {
        guard case .object = usage else { return nil }
        return TokenUsage(
            input: count(usage["input_tokens"]), output: count(usage["output_tokens"]),
            cacheCreation: count(usage["cache_creation_input_tokens"]),
            cacheRead: count(usage["cache_read_input_tokens"]))
    }

    /// A token count; anything that is not a non-negative integer counts as zero.
    private static func count(_ value: JSONValue?) -> Int {
        guard let number = value?.integerValue, number >= 0, number <= Int64(Int.max) else { return 0 }
        return Int(number)
    }
}
