import JSON
import Model
import Testing

@testable import Providers

@Suite("Anthropic provider: streamed turns over loopback HTTP", .timeLimit(.minutes(1)))
struct AnthropicStreamingTests {
    typealias F = AnthropicFixture

    @Test("a streamed text answer is assembled, with exact usage and the request the API expects")
    func streamedText() async throws {
        let stream = [
            F.messageStart(id: "msg_text", input: 25, cacheCreation: 1200, cacheRead: 3000), F.textStart(0),
            F.textDelta(0, "Hello"), F.textDelta(0, ", wörld 👋"), F.blockStop(0),
            F.messageDelta(stopReason: "end_turn", output: 12), F.messageStop,
        ].map { Array($0.utf8) }
        let request = F.request(
            system: [SystemSection("Stable instructions.", cacheable: true), SystemSection("Today's task.")],
            tools: [F.readTool])
        let recorder = AnthropicEventRecorder()

        let (turn, received) = try await LoopbackHTTPServer.with([.eventStream(stream)]) { server in
            let turn = try await F.provider(server.baseURL).complete(request, recorder: recorder)
            return (turn, await server.requests)
        }

        #expect(turn.text == "Hello, wörld 👋")
        #expect(turn.stopReason == .endTurn)
        #expect(
            turn.calls == [
                ModelCall(
                    messageID: "msg_text", model: "claude-sonnet-4-5-20250929",
                    usage: TokenUsage(input: 25, output: 12, cacheCreation: 1200, cacheRead: 3000))
            ])
        #expect(
            await recorder.events == [
                .messageStarted(id: "msg_text", model: "claude-sonnet-4-5-20250929"), .textDelta("Hello"),
                .textDelta(", wörld 👋"),
            ])

        try #require(received.count == 1)
        let sent = received[0]
        #expect(sent.method == "POST")
        #expect(sent.uri == "/v1/messages")
        #expect(sent.header("x-api-key") == "test-key")
        #expect(sent.header("anthropic-version") == "2023-06-01")
        #expect(sent.header("content-type") == "application/json")
        let body = try #require(sent.json)
        #expect(body["stream"] == true)
        #expect(body["max_tokens"] == 1024)
        #expect(body["model"] == "claude-sonnet-4-5")
        #expect(
            body["system"] == [
                ["type": "text", "text": "Stable instructions.", "cache_control": ["type": "ephemeral"]],
                ["type": "text", "text": "Today's task."],
            ])
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "hi"]]]])
        #expect(
            body["tools"] == [
                [
                    "name": "fs__read", "description": "Reads a file of the workspace.",
                    "input_schema": F.readTool.inputSchema,
                ]
            ])
    }

    @Test("a tool call split across many chunks, inside a UTF-8 character and inside its JSON, parses exactly")
    func toolUseRoundTrip() async throws {
        let chunks = AnthropicToolUseStream.chunks
        // The cuts the test is about must fall where intended, and be chunk boundaries.
        let boundaries = Set(chunks.indices.map { chunks[...$0].reduce(0) { $0 + $1.count } })
        #expect(AnthropicToolUseStream.bytes[AnthropicToolUseStream.cutInsideCharacter - 1] == 0xC3)
        #expect(AnthropicToolUseStream.bytes[AnthropicToolUseStream.cutInsideJSON - 1] == UInt8(ascii: "\\"))
        #expect(AnthropicToolUseStream.bytes[AnthropicToolUseStream.cutInsideJSON] == UInt8(ascii: "\""))
        #expect(
            boundaries.isSuperset(of: [AnthropicToolUseStream.cutInsideCharacter, AnthropicToolUseStream.cutInsideJSON])
        )
        let followUp = F.textAnswer(["It says hello."], id: "msg_after")
        let recorder = AnthropicEventRecorder()
        let first = F.request(tools: [F.readTool])

        let (turn, second, received) = try await LoopbackHTTPServer.with([
            .eventStream(chunks), .eventStream(followUp),
        ]) { server in
            let provider = F.provider(server.baseURL)
            let turn = try await provider.complete(first, recorder: recorder)
            var next = first
            next.messages += [
                ModelMessage(role: .assistant, content: turn.content),
                ModelMessage(
                    role: .user, content: [.toolResult(toolUseID: "toolu_01", content: "hello", isError: false)]),
            ]
            let second = try await provider.complete(next) { _ in }
            return (turn, second, await server.requests)
        }

        #expect(turn.stopReason == .toolUse)
        #expect(turn.text == "Let me look — ✓")
        #expect(turn.toolUses.count == 1)
        #expect(turn.toolUses.first?.id == "toolu_01")
        #expect(turn.toolUses.first?.name == "fs__read")
        #expect(turn.toolUses.first?.input == AnthropicToolUseStream.input)
        #expect(turn.calls.first?.usage == TokenUsage(input: 25, output: 40))
        #expect(
            await recorder.events.contains(
                .toolUse(id: "toolu_01", name: "fs__read", input: AnthropicToolUseStream.input, parentToolUseID: nil)))
        #expect(second.text == "It says hello.")

        try #require(received.count == 2)
        let messages = try #require(received[1].json?["messages"]?.arrayValue)
        try #require(messages.count == 3)
        #expect(
            messages[1]["content"] == [
                ["type": "text", "text": "Let me look — ✓"],
                ["type": "tool_use", "id": "toolu_01", "name": "fs__read", "input": AnthropicToolUseStream.input],
            ])
        #expect(
            messages[2] == [
                "role": "user", "content": [["type": "tool_result", "tool_use_id": "toolu_01", "content": "hello"]],
            ])
    }

    @Test("message_delta usage is cumulative: the last value wins; ping and unknown events are ignored")
    func cumulativeUsage() async throws {
        let stream = [
            F.messageStart(input: 100, cacheRead: 50), F.ping, F.textStart(0), F.textDelta(0, "a"),
            F.event("content_block_sparkle", #"{"type":"content_block_sparkle","index":0}"#),
            F.event(
                "message_delta", #"{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":5}}"#),
            F.ping, F.textDelta(0, "b"), F.blockStop(0), F.messageDelta(stopReason: "max_tokens", output: 17),
            F.messageStop,
        ].map { Array($0.utf8) }

        let turn = try await LoopbackHTTPServer.with([.eventStream(stream)]) { server in
            try await F.provider(server.baseURL).complete(F.request()) { _ in }
        }

        #expect(turn.usage == TokenUsage(input: 100, output: 17, cacheCreation: 0, cacheRead: 50))
        #expect(turn.text == "ab")
        #expect(turn.stopReason == .maxTokens)
    }

    @Test("an error event after HTTP 200 becomes a typed API error carrying the request id")
    func errorEventMidStream() async throws {
        let stream = [
            F.messageStart(), F.textStart(0), F.textDelta(0, "partial"),
            F.event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
        ].map { Array($0.utf8) }

        let (error, requests) = try await LoopbackHTTPServer.with([
            .eventStream(stream, headers: [("request-id", "req_stream")])
        ]) { server in
            let error = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL).complete(F.request()) { _ in }
            }
            return (error, await server.requests.count)
        }

        #expect(error == .api(status: 200, type: "overloaded_error", message: "Overloaded", requestID: "req_stream"))
        #expect(requests == 1)
    }

    @Test("count_tokens posts the prompt without generation settings and returns input_tokens")
    func countTokens() async throws {
        let (count, received) = try await LoopbackHTTPServer.with([.json(status: 200, #"{"input_tokens":1234}"#)]) {
            server in
            let count = try await F.provider(server.baseURL).countTokens(F.request(tools: [F.readTool]))
            return (count, await server.requests)
        }

        #expect(count == 1234)
        try #require(received.count == 1)
        #expect(received[0].uri == "/v1/messages/count_tokens")
        let body = try #require(received[0].json)
        #expect(body["max_tokens"] == nil)
        #expect(body["stream"] == nil)
        #expect(body["tools"]?.arrayValue?.count == 1)
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "hi"]]]])
    }

    @Test("cancelling the calling task stops a stream that is still open")
    func cancellation() async throws {
        let stream = [F.messageStart(), F.textStart(0)].map { Array($0.utf8) }
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)

        let outcome = try await LoopbackHTTPServer.with([.eventStream(stream, hangAfterChunks: 2)]) { server in
            let provider = F.provider(server.baseURL, idleTimeout: .seconds(60))
            let call = Task { () async -> ProviderError? in
                // Finishing the stream lets the test go on (and fail) if the call ends before it starts streaming.
                defer { startedContinuation.finish() }
                return await anthropicError { () async throws(ProviderError) in
                    try await provider.complete(F.request()) { event in
                        if case .messageStarted = event { startedContinuation.yield() }
                    }
                }
            }
            for await _ in started { break }
            let clock = ContinuousClock()
            let begun = clock.now
            call.cancel()
            let error = await call.value
            return (error, clock.now - begun)
        }

        #expect(outcome.0 == .cancelled)
        #expect(outcome.1 < .seconds(5))
    }

    @Test("a missing API key is reported at call time, naming ANTHROPIC_API_KEY")
    func missingKey() async {
        let provider = AnthropicProvider(environment: ["ANTHROPIC_BASE_URL": "http://127.0.0.1:9"])
        #expect(provider.name == "anthropic")
        #expect(provider.configuration.baseURL == "http://127.0.0.1:9")
        let error = await anthropicError { () async throws(ProviderError) in
            try await provider.complete(F.request()) { _ in }
        }
        guard case .notConfigured(let message) = error else {
            Issue.record("expected notConfigured, got \(String(describing: error))")
            return
        }
        #expect(message.contains("ANTHROPIC_API_KEY"))
    }
}

/// A turn with a text block and a tool call whose input streams in fragments.
enum AnthropicToolUseStream {
    static let input: JSONValue = [
        "path": "docs/plän.md", "limit": 5, "nested": ["a": [1, 2.5, "x\"y"], "emoji": "🧪"],
    ]

    static let bytes: [UInt8] = {
        typealias F = AnthropicFixture
        let events = [
            F.messageStart(), F.textStart(0), F.textDelta(0, "Let me look — ✓"), F.blockStop(0),
            F.toolStart(1, id: "toolu_01", name: "fs__read"), F.jsonDelta(1, ""), F.jsonDelta(1, #"{"path": "docs/pl"#),
            F.jsonDelta(1, #"än.md", "li"#), F.jsonDelta(1, #"mit": 5, "nested": {"a": [1, 2.5, "x\"#),
            F.jsonDelta(1, #""y"], "emoji": "🧪"}}"#), F.blockStop(1),
            F.messageDelta(stopReason: "tool_use", output: 40),
            F.messageStop,
        ]
        return Array(events.joined().utf8)
    }()

    /// Between the two bytes of the first `ä` (inside a JSON string of an input_json_delta).
    static let cutInsideCharacter = (bytes.firstIndex(of: 0xC3) ?? 0) + 1

    /// Inside the first non-empty `partial_json` string, between the two bytes of an escaped quote.
    static let cutInsideJSON: Int = {
        let marker = Array(#"{\"path\": \"#.utf8)
        let start = bytes.indices.first { bytes[$0...].starts(with: marker) } ?? 0
        return start + marker.count
    }()

    /// Chunks of 13 bytes, also cut at `cutInsideCharacter` and `cutInsideJSON`.
    static var chunks: [[UInt8]] {
        let cuts = Set(stride(from: 13, to: bytes.count, by: 13)).union([cutInsideCharacter, cutInsideJSON])
        var chunks: [[UInt8]] = []
        var start = 0
        for cut in cuts.sorted() where cut > start {
            chunks.append(Array(bytes[start..<cut]))
            start = cut
        }
        chunks.append(Array(bytes[start...]))
        return chunks
    }
}
