import JSON
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why the model stopped, as the Messages API names it; unknown reasons are kept verbatim.
public enum StopReason: Sendable, Hashable {
    case endTurn
    case maxTokens
    case stopSequence
    case toolUse
    case pauseTurn
    case refusal
    case contextWindowExceeded
    /// claude-code ran out of turns (`error_max_turns`).
    case maxTurns
    /// claude-code hit its `--max-budget-usd`.
    case budgetExceeded
    /// claude-code ended without a result line (crashed, was killed, timed out): its exit status and the end
    /// of its stderr. The turn still carries the usage of the messages seen, so it can be charged.
    case processFailed(status: String, stderr: String)
    /// The provider's own loop reported a failed turn (claude-code `is_error`, `error_during_execution`).
    case failed(String)
    case other(String)

    /// The reason for an API name (`end_turn`, `tool_use`, …).
    public init(apiName: String) {
        switch apiName {
        case "end_turn": self = .endTurn
        case "max_tokens": self = .maxTokens
        case "stop_sequence": self = .stopSequence
        case "tool_use": self = .toolUse
        case "pause_turn": self = .pauseTurn
        case "refusal": self = .refusal
        case "model_context_window_exceeded": self = .contextWindowExceeded
        default: self = .other(apiName)
        }
    }
}

/// The usage of one billed model message: what the token ledger records, once per message id.
public struct ModelCall: Sendable, Hashable {
    public var messageID: String
    public var model: String
    public var usage: TokenUsage
    /// Set for messages of a subagent inside a provider's own loop (claude-code `parent_tool_use_id`).
    public var parentToolUseID: String?
    /// The subagent (our id) whose message it is, when the provider ran one (claude-code's Task tool).
    public var subagent: String?

    public init(
        messageID: String, model: String, usage: TokenUsage, parentToolUseID: String? = nil, subagent: String? = nil
    ) {
        self.messageID = messageID
        self.model = model
        self.usage = usage
        self.parentToolUseID = parentToolUseID
        self.subagent = subagent
    }
}

/// One assistant turn, complete: the content, why it stopped, and what it cost.
public struct ModelTurn: Sendable, Hashable {
    /// The assistant message's content; `toolUse` blocks are calls the runtime must run, unless
    /// `toolsRunByProvider`, in which case they already ran (claude-code) and are reported for the record.
    public var content: [ContentBlock]
    public var stopReason: StopReason
    /// Every billed message behind this turn (one for the API, several for claude-code), usage counted once per id.
    public var calls: [ModelCall]
    /// The provider's own cost figure, when it gives one (claude-code `total_cost_usd`).
    public var reportedCostUSD: Decimal?
    public var toolsRunByProvider: Bool

    public init(
        content: [ContentBlock], stopReason: StopReason, calls: [ModelCall], reportedCostUSD: Decimal? = nil,
        toolsRunByProvider: Bool = false
    ) {
        self.content = content
        self.stopReason = stopReason
        self.calls = calls
        self.reportedCostUSD = reportedCostUSD
        self.toolsRunByProvider = toolsRunByProvider
    }

    /// The usage of all calls together.
    public var usage: TokenUsage { calls.reduce(.zero) { $0 + $1.usage } }

    /// The text blocks joined.
    public var text: String {
        content.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined()
    }

    /// The tool calls the turn asks for.
    public var toolUses: [(id: String, name: String, input: JSONValue)] {
        content.compactMap { if case .toolUse(let id, let name, let input) = $0 { (id, name, input) } else { nil } }
    }
}

/// Something a provider saw while a turn streamed in, for live progress (the turn itself is the result).
public enum ModelStreamEvent: Sendable, Hashable {
    case messageStarted(id: String, model: String)
    case textDelta(String)
    /// A complete tool call (its input parsed); `parentToolUseID` marks a subagent's call inside claude-code.
    case toolUse(id: String, name: String, input: JSONValue, parentToolUseID: String?)
    /// A tool result seen inside a provider's own loop (claude-code).
    case toolResult(toolUseID: String, isError: Bool)
    /// The provider waits before retrying (`attempt` counts from 1).
    case retrying(attempt: Int, afterSeconds: Double, reason: String)
}
