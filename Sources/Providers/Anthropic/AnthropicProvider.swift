import JSON

/// The `anthropic` provider: the Messages API, streamed over HTTPS, with the official SDKs' retry rules.
public struct AnthropicProvider: ModelProvider {
    public let name = "anthropic"
    public var configuration: AnthropicConfiguration
    public var defaultModel: String? { configuration.defaultModel }

    /// A provider with the given settings.
    public init(configuration: AnthropicConfiguration) {
        self.configuration = configuration
    }

    /// A provider configured from `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL`; a missing key fails at call time.
    public init(environment: [String: String]) {
        self.init(configuration: AnthropicConfiguration(environment: environment))
    }

    /// Streams one assistant turn; a stream that drops is discarded whole and the turn requested again.
    public func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        let body = AnthropicRequestBody.messages(request, defaultModel: configuration.defaultModel)
        let post = try httpRequest(path: "/v1/messages", body: body, accept: "text/event-stream")
        return try await withRetries(events: events) { () async throws(AnthropicAttemptFailure) -> ModelTurn in
            try await streamTurn(post, events: events)
        }
    }

    /// `countTokens`, or nil when the endpoint fails (a gateway without it, say): the budget then estimates.
    public func promptTokens(_ request: ModelRequest) async -> Int? {
        try? await countTokens(request)
    }

    /// The prompt's size in input tokens (`POST /v1/messages/count_tokens`), to decide what fits before sending it.
    public func countTokens(_ request: ModelRequest) async throws(ProviderError) -> Int {
        let body = AnthropicRequestBody.countTokens(request, defaultModel: configuration.defaultModel)
        let post = try httpRequest(path: "/v1/messages/count_tokens", body: body, accept: "application/json")
        let ignoreEvents: @Sendable (ModelStreamEvent) async -> Void = { _ in }
        let json = try await withRetries(events: ignoreEvents) {
            () async throws(AnthropicAttemptFailure) -> JSONValue in try await fetchJSON(post)
        }
        guard let count = json["input_tokens"]?.integerValue, let tokens = Int(exactly: count) else {
            throw .malformedResponse("count_tokens answered without input_tokens: \(json.jsonString().prefix(200))")
        }
        return tokens
    }

    private func httpRequest(path: String, body: JSONValue, accept: String) throws(ProviderError) -> HTTPPostRequest {
        let apiKey = try configuration.requireAPIKey()
        return HTTPPostRequest(
            url: configuration.baseURL + path,
            headers: [
                ("x-api-key", apiKey),
                ("anthropic-version", configuration.anthropicVersion),
                ("content-type", "application/json"),
                ("accept", accept),
            ],
            body: Array(body.jsonString().utf8),
            connectTimeout: configuration.connectTimeout,
            totalTimeout: configuration.requestTimeout,
            idleTimeout: configuration.idleTimeout)
    }

    /// Runs `attempt` until it succeeds, fails for good, or `maxRetries` retries are spent.
    private func withRetries<Value>(
        events: @Sendable (ModelStreamEvent) async -> Void,
        _ attempt: () async throws(AnthropicAttemptFailure) -> Value
    ) async throws(ProviderError) -> Value {
        var retries = 0
        // A new call waits out a pause recorded for its key; a retry follows its own wait (the server's, which it
        // also recorded, or the back-off).
        try await waitAtGate()
        while true {
            if Task.isCancelled { throw .cancelled }
            do throws(AnthropicAttemptFailure) {
                return try await attempt()
            } catch {
                if let asked = error.serverDelay { await configuration.gate.pause(key: quotaKey, for: asked) }
                guard error.retryable, retries < configuration.maxRetries, !Task.isCancelled else {
                    throw Task.isCancelled ? .cancelled : error.providerError(attempts: retries + 1)
                }
                let delay =
                    error.serverDelay
                    ?? AnthropicRetryPolicy.backoff(retriesSoFar: retries, random: configuration.random())
                retries += 1
                await events(.retrying(attempt: retries, afterSeconds: delay.totalSeconds, reason: error.reason))
                do {
                    try await configuration.sleep(delay)
                } catch {
                    throw .cancelled
                }
            }
        }
    }

    /// What identifies the quota calls draw on: the address and the key (a shared gate keeps only a digest of it).
    private var quotaKey: String { configuration.baseURL + "\u{0}" + (configuration.apiKey ?? "") }

    /// Waits out a pause that this or another process's call recorded for the key, and one recorded meanwhile (a
    /// few rounds at most: pauses are at most a minute each).
    private func waitAtGate() async throws(ProviderError) {
        for _ in 0..<Self.gateRounds {
            guard let wait = await configuration.gate.remainingPause(key: quotaKey), wait > .zero else { return }
            do {
                try await configuration.sleep(wait)
            } catch {
                throw .cancelled
            }
            if Task.isCancelled { throw .cancelled }
        }
    }

    private static let gateRounds = 3

    /// Holds the key's later calls when a response says a limit has nothing left until its reset.
    private func noteRateLimits(_ head: HTTPResponseHead) async {
        if let pause = AnthropicRateLimits.exhaustedPause(head, now: configuration.now()) {
            await configuration.gate.pause(key: quotaKey, for: pause)
        }
    }

    /// One attempt at a streamed turn; everything it assembled is dropped if it fails.
    private func streamTurn(
        _ post: HTTPPostRequest, events: @Sendable (ModelStreamEvent) async -> Void
    ) async throws(AnthropicAttemptFailure) -> ModelTurn {
        let transfer = CurlTransfer.start(post)
        defer { transfer.cancel() }
        var head: HTTPResponseHead?
        var errorBody: [UInt8] = []
        var parser = ServerSentEventParser()
        var assembler = AnthropicTurnAssembler(requestID: nil)

        for await event in transfer.events {
            switch event {
            case .head(let received):
                head = received
                await noteRateLimits(received)
                assembler = AnthropicTurnAssembler(requestID: received.value(for: "request-id"))
                let contentType = received.value(for: "content-type") ?? "no content type"
                if received.isSuccess, !contentType.contains("text/event-stream") {
                    throw .final(.malformedResponse("expected an event stream, got \(contentType)"))
                }
            case .body(let bytes):
                guard head?.isSuccess == true else {
                    errorBody.append(contentsOf: bytes.prefix(Self.maxErrorBody - errorBody.count))
                    continue
                }
                for serverEvent in parser.feed(bytes) {
                    do throws(ProviderError) {
                        for update in try assembler.handle(serverEvent) { await events(update) }
                    } catch {
                        throw .final(error)
                    }
                }
            case .finished(let failure):
                if let failure { throw Self.attemptFailure(failure) }
                guard let head else { throw .transport("the server sent no response") }
                guard head.isSuccess else { throw errorFailure(head: head, body: errorBody) }
                guard assembler.isComplete else { throw .transport("the stream ended before message_stop") }
                do throws(ProviderError) {
                    return try assembler.turn()
                } catch {
                    throw .final(error)
                }
            }
        }
        // The stream ends without `.finished` only when this task was cancelled.
        throw .final(.cancelled)
    }

    /// One attempt at a plain JSON exchange.
    private func fetchJSON(_ post: HTTPPostRequest) async throws(AnthropicAttemptFailure) -> JSONValue {
        let transfer = CurlTransfer.start(post)
        defer { transfer.cancel() }
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        for await event in transfer.events {
            switch event {
            case .head(let received):
                head = received
                await noteRateLimits(received)
            case .body(let bytes):
                guard body.count + bytes.count <= Self.maxJSONBody else {
                    throw .final(.malformedResponse("the response is larger than \(Self.maxJSONBody) bytes"))
                }
                body.append(contentsOf: bytes)
            case .finished(let failure):
                if let failure { throw Self.attemptFailure(failure) }
                guard let head else { throw .transport("the server sent no response") }
                guard head.isSuccess else { throw errorFailure(head: head, body: body) }
                do throws(JSONParseError) {
                    return try JSONValue(parsing: String(decoding: body, as: UTF8.self))
                } catch {
                    throw .final(.malformedResponse("the response is not JSON: \(error.description)"))
                }
            }
        }
        throw .final(.cancelled)
    }

    private func errorFailure(head: HTTPResponseHead, body: [UInt8]) -> AnthropicAttemptFailure {
        let response = AnthropicErrorResponse(head: head, body: body)
        return AnthropicAttemptFailure(
            kind: .error(response.providerError),
            retryable: AnthropicRetryPolicy.shouldRetry(response, head: head),
            serverDelay: AnthropicRetryPolicy.serverDelay(head, now: configuration.now()))
    }

    private static func attemptFailure(_ failure: HTTPTransferFailure) -> AnthropicAttemptFailure {
        switch failure {
        case .connection(let message): return .transport(message)
        case .connectTimeout(let limit): return .transport("could not connect within \(limit.totalSeconds) s")
        case .timeout(let limit): return .timeout(limit)
        case .cancelled: return .final(.cancelled)
        }
    }

    /// An error body beyond this is cut: its first lines say what went wrong.
    private static let maxErrorBody = 64 * 1024
    private static let maxJSONBody = 16 * 1024 * 1024
}
