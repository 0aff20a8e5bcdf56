import Providers
import Tracing

/// Span attributes of model calls, in the OpenTelemetry GenAI semantic conventions (`gen_ai.*`), so trace back ends
/// that know them (Jaeger, Tempo, Langfuse, Phoenix) show the operation, models, ids, tokens and finish reasons.
enum GenAISpanAttributes {
    /// What is known before the call.
    static func request(_ span: any Span, provider: String, model: String?) {
        span.attributes["gen_ai.operation.name"] = "chat"
        span.attributes["gen_ai.provider.name"] = provider
        if let model { span.attributes["gen_ai.request.model"] = model }
    }

    /// What the answer said: the model that answered, its message ids, tokens as the ledger counts them, why it
    /// stopped. Input tokens include cached ones, as the conventions ask; the cache's share is given apart.
    static func response(_ span: any Span, turn: ModelTurn) {
        if let last = turn.calls.last {
            span.attributes["gen_ai.response.model"] = last.model
            span.attributes["gen_ai.response.id"] = last.messageID
        }
        let usage = turn.usage
        span.attributes["gen_ai.usage.input_tokens"] = usage.totalInput
        span.attributes["gen_ai.usage.output_tokens"] = usage.output
        span.attributes["gen_ai.usage.cache_read.input_tokens"] = usage.cacheRead
        span.attributes["gen_ai.usage.cache_creation.input_tokens"] = usage.cacheCreation
        span.attributes["gen_ai.response.finish_reasons"] = [finishReason(turn.stopReason)]
    }

    /// The conventions' names where they have one (`stop`, `length`, `tool_calls`, `content_filter`), else ours.
    static func finishReason(_ reason: StopReason) -> String {
        switch reason {
        case .endTurn, .stopSequence: "stop"
        case .maxTokens, .contextWindowExceeded, .maxTurns: "length"
        case .toolUse: "tool_calls"
        case .refusal: "content_filter"
        case .pauseTurn: "pause_turn"
        case .budgetExceeded: "budget_exceeded"
        case .processFailed, .failed: "error"
        case .other(let name): name
        }
    }
}
