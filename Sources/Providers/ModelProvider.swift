/// A model backend: messages and tool definitions in, one streamed assistant turn out.
public protocol ModelProvider: Sendable {
    /// The provider's name as the intake spells it (`offline`, `anthropic`, `claude-code`).
    var name: String { get }

    /// Whether the provider runs tools inside its own loop (claude-code) instead of asking the runtime to.
    var runsToolsItself: Bool { get }

    /// The model a request without one is billed as, when the provider knows it.
    var defaultModel: String? { get }

    /// The prompt's exact size in input tokens as the model counts it, when the provider can ask (the API's
    /// `count_tokens`); nil when it cannot, and the budget falls back to a local estimate.
    func promptTokens(_ request: ModelRequest) async -> Int?

    /// Produces one assistant turn for `request`, reporting what streams in through `events`.
    ///
    /// Throws `ProviderError`; cancellation of the calling task stops the call (and any child process).
    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn
}

extension ModelProvider {
    /// Most providers only ask for tool calls; the runtime runs them.
    public var runsToolsItself: Bool { false }

    /// Unknown unless the provider says.
    public var defaultModel: String? { nil }

    /// Most providers cannot count a prompt before sending it.
    public func promptTokens(_ request: ModelRequest) async -> Int? { nil }
}
