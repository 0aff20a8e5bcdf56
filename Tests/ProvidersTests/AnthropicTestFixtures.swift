import JSON
import Model

@testable import Providers

/// Builders for the Anthropic tests: stream events as the API writes them, requests, and recorders.
enum AnthropicFixture {
    /// One server-sent event as the API frames it.
    static func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

    static func messageStart(
        id: String = "msg_01", model: String = "claude-sonnet-4-5-20250929", input: Int = 25, cacheCreation: Int = 0,
        cacheRead: Int = 0
    ) -> String {
        event(
            "message_start",
            #"{"type":"message_start","message":{"id":"\#(id)","type":"message","role":"assistant","#
                + #""model":"\#(model)","content":[],"stop_reason":null,"stop_sequence":null,"#
                + #""usage":{"input_tokens":\#(input),"cache_creation_input_tokens":\#(cacheCreation),"#
                + #""cache_read_input_tokens":\#(cacheRead),"output_tokens":1}}}"#)
    }

    static func textStart(_ index: Int) -> String {
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"text","text":""}}"#)
    }

    static func textDelta(_ index: Int, _ text: String) -> String {
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"text_delta","text":\#(quoted(text))}}"#)
    }

    static func toolStart(_ index: Int, id: String, name: String) -> String {
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"tool_use","id":"\#(id)","#
                + #""name":"\#(name)","input":{}}}"#)
    }

    static func jsonDelta(_ index: Int, _ partial: String) -> String {
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"input_json_delta","#
                + #""partial_json":\#(quoted(partial))}}"#)
    }

    static func blockStop(_ index: Int) -> String {
        event("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
    }

    static func messageDelta(stopReason: String, output: Int) -> String {
        event(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"\#(stopReason)","stop_sequence":null},"#
                + #""usage":{"output_tokens":\#(output)}}"#)
    }

    static let messageStop = event("message_stop", #"{"type":"message_stop"}"#)
    static let ping = event("ping", #"{"type":"ping"}"#)

    /// A whole text answer, one event per chunk.
    static func textAnswer(_ pieces: [String], id: String = "msg_01", output: Int = 9) -> [[UInt8]] {
        let events =
            [messageStart(id: id), textStart(0)] + pieces.map { textDelta(0, $0) }
            + [blockStop(0), messageDelta(stopReason: "end_turn", output: output), messageStop]
        return events.map { Array($0.utf8) }
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).jsonString() }

    static func request(
        system: [SystemSection] = [SystemSection("You are terse.")], messages: [ModelMessage] = [.user("hi")],
        tools: [ToolDefinition] = [], maxTokens: Int = 1024
    ) -> ModelRequest {
        ModelRequest(
            system: system, messages: messages, tools: tools, maxTokens: maxTokens, workingDirectory: "/tmp",
            brief: TaskBrief(
                workflowID: "wf", phase: .development, agentID: "developer", projectName: "demo", requirements: [],
                artifactPaths: []))
    }

    static let readTool = ToolDefinition(
        name: "fs__read", description: "Reads a file of the workspace.",
        inputSchema: ["type": "object", "properties": ["path": ["type": "string"]], "required": ["path"]])

    /// A provider aimed at `server`, whose sleeps are recorded instead of waited and whose jitter is fixed.
    static func provider(
        _ baseURL: String, sleeps: AnthropicSleepRecorder = AnthropicSleepRecorder(), maxRetries: Int = 2,
        random: Double = 0.5,
        idleTimeout: Duration = .seconds(30),
        gate: any RateLimitGate = LocalRateLimitGate()
    ) -> AnthropicProvider {
        // A gate of its own by default: a pause one test's 429 records must not hold another test's calls.
        AnthropicProvider(
            configuration: AnthropicConfiguration(
                apiKey: "test-key", baseURL: baseURL, maxRetries: maxRetries, connectTimeout: .seconds(5),
                requestTimeout: .seconds(60), idleTimeout: idleTimeout, sleep: { await sleeps.record($0) },
                random: { random }, gate: gate))
    }
}

/// Records the waits a provider asked for, returning at once.
actor AnthropicSleepRecorder {
    private(set) var sleeps: [Duration] = []

    func record(_ duration: Duration) { sleeps.append(duration) }
}

/// Collects the stream events a provider reported.
actor AnthropicEventRecorder {
    private(set) var events: [ModelStreamEvent] = []

    func record(_ event: ModelStreamEvent) { events.append(event) }

    var retries: [ModelStreamEvent] {
        events.filter { if case .retrying = $0 { true } else { false } }
    }
}

extension AnthropicProvider {
    /// `complete` with its events recorded.
    func complete(_ request: ModelRequest, recorder: AnthropicEventRecorder) async throws(ProviderError) -> ModelTurn {
        try await complete(request) { await recorder.record($0) }
    }
}

/// Runs `body` and returns the `ProviderError` it threw, or `nil` if it threw none.
func anthropicError(_ body: () async throws(ProviderError) -> some Any) async -> ProviderError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
