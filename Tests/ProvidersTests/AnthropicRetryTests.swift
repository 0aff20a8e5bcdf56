import JSON
import Model
import Testing

@testable import Providers

@Suite("Anthropic provider: retries, errors and timeouts over loopback HTTP", .timeLimit(.minutes(1)))
struct AnthropicRetryTests {
    typealias F = AnthropicFixture

    static let rateLimited = #"{"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}"#
    static let overloaded = #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#

    /// Headers of a 429 and the wait the provider must choose for them (jitter fixed at 0.5).
    struct WaitCase: Sendable, CustomTestStringConvertible {
        var headers: [(String, String)]
        var seconds: Double
        var testDescription: String { headers.map { "\($0.0): \($0.1)" }.joined(separator: ", ") }
    }

    static let waitCases = [
        WaitCase(headers: [("retry-after", "3")], seconds: 3),
        WaitCase(headers: [("retry-after-ms", "1500"), ("retry-after", "9")], seconds: 1.5),
        // Outside (0, 60] s the header is ignored in favour of the back-off: 0.5 × (1 − 0.25 × 0.5).
        WaitCase(headers: [("retry-after", "120")], seconds: 0.4375),
        WaitCase(headers: [("retry-after", "0")], seconds: 0.4375),
        WaitCase(headers: [("retry-after", "soon")], seconds: 0.4375),
    ]

    @Test("a 429 waits what the server asks for, then the second attempt succeeds", arguments: waitCases)
    func rateLimitThenSuccess(_ waitCase: WaitCase) async throws {
        let sleeps = AnthropicSleepRecorder()
        let recorder = AnthropicEventRecorder()
        let (turn, requests) = try await LoopbackHTTPServer.with([
            .json(status: 429, Self.rateLimited, headers: waitCase.headers), .eventStream(F.textAnswer(["done"])),
        ]) { server in
            let turn = try await F.provider(server.baseURL, sleeps: sleeps).complete(F.request(), recorder: recorder)
            return (turn, await server.requests.count)
        }

        #expect(turn.text == "done")
        #expect(requests == 2)
        #expect(await sleeps.sleeps == [.seconds(waitCase.seconds)])
        let retries = await recorder.retries
        try #require(retries.count == 1)
        guard case .retrying(let attempt, let seconds, let reason) = retries[0] else { return }
        #expect(attempt == 1)
        #expect(seconds == waitCase.seconds)
        #expect(reason.contains("rate_limit_error"))
    }

    @Test("a 529 is retried with the SDK back-off: min(0.5 × 2^n, 8) × (1 − 0.25 × random)")
    func overloadedBackoff() async throws {
        let sleeps = AnthropicSleepRecorder()
        let turn = try await LoopbackHTTPServer.with([
            .json(status: 529, Self.overloaded), .json(status: 529, Self.overloaded),
            .eventStream(F.textAnswer(["finally"])),
        ]) { server in
            try await F.provider(server.baseURL, sleeps: sleeps, random: 0.25).complete(F.request()) { _ in }
        }

        #expect(turn.text == "finally")
        // Jitter 1 − 0.25 × 0.25 = 0.9375, on 0.5 s then 1 s.
        #expect(await sleeps.sleeps == [.seconds(0.46875), .seconds(0.9375)])
    }

    @Test("when retries run out the last API error is thrown, after maxRetries + 1 attempts")
    func overloadedExhausted() async throws {
        let sleeps = AnthropicSleepRecorder()
        let (error, requests) = try await LoopbackHTTPServer.with(
            Array(repeating: .json(status: 529, Self.overloaded, headers: [("request-id", "req_529")]), count: 3)
        ) { server in
            let error = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL, sleeps: sleeps, maxRetries: 2).complete(F.request()) { _ in }
            }
            return (error, await server.requests.count)
        }

        #expect(error == .api(status: 529, type: "overloaded_error", message: "Overloaded", requestID: "req_529"))
        #expect(requests == 3)
        #expect(await sleeps.sleeps.count == 2)
    }

    @Test("a 400 becomes a typed error with its message and request id, and is not retried")
    func badRequestNotRetried() async throws {
        let body =
            #"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: must be positive"},"#
            + #""request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
        let sleeps = AnthropicSleepRecorder()
        let (error, requests) = try await LoopbackHTTPServer.with([
            .json(status: 400, body), .eventStream(F.textAnswer(["unreachable"])),
        ]) { server in
            let error = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL, sleeps: sleeps).complete(F.request()) { _ in }
            }
            return (error, await server.requests.count)
        }

        #expect(
            error
                == .api(
                    status: 400, type: "invalid_request_error", message: "max_tokens: must be positive",
                    requestID: "req_011CSHoEeqs5C35K2UUqR7Fy"))
        #expect(requests == 1)
        #expect(await sleeps.sleeps.isEmpty)
    }

    /// An error response and whether the provider must try again after it.
    struct RetryDecisionCase: Sendable, CustomTestStringConvertible {
        var status: Int
        var errorType: String
        var headers: [(String, String)] = []
        var details = ""
        var retried: Bool
        var testDescription: String { "\(status) \(errorType) \(headers) \(details) → retried: \(retried)" }

        var response: LoopbackResponse {
            .json(
                status: status,
                #"{"type":"error","error":{"type":"\#(errorType)","message":"x"\#(details)}}"#, headers: headers)
        }
    }

    static let retryDecisionCases = [
        RetryDecisionCase(status: 500, errorType: "api_error", retried: true),
        RetryDecisionCase(status: 500, errorType: "api_error", headers: [("x-should-retry", "false")], retried: false),
        RetryDecisionCase(
            status: 400, errorType: "invalid_request_error", headers: [("x-should-retry", "true")], retried: true),
        RetryDecisionCase(status: 408, errorType: "timeout_error", retried: true),
        RetryDecisionCase(status: 409, errorType: "conflict_error", retried: true),
        RetryDecisionCase(status: 404, errorType: "not_found_error", retried: false),
        RetryDecisionCase(status: 429, errorType: "rate_limit_error", retried: true),
        RetryDecisionCase(
            status: 429, errorType: "rate_limit_error",
            details: #","details":{"error_code":"enforced_spend_limit_reached"}"#, retried: false),
    ]

    @Test(
        "408, 409, 429 and 5xx are retried; x-should-retry overrides; a spend limit is final",
        arguments: retryDecisionCases)
    func retryDecision(_ decision: RetryDecisionCase) async throws {
        let requests = try await LoopbackHTTPServer.with([decision.response, .eventStream(F.textAnswer(["ok"]))]) {
            server in
            _ = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL).complete(F.request()) { _ in }
            }
            return await server.requests.count
        }
        #expect(requests == (decision.retried ? 2 : 1))
    }

    @Test("a stream dropped mid-turn is discarded and requested again")
    func droppedStreamRetried() async throws {
        let dropped = F.textAnswer(["first attempt, never finished"], id: "msg_dropped")
        let recorder = AnthropicEventRecorder()
        let sleeps = AnthropicSleepRecorder()
        let (turn, requests) = try await LoopbackHTTPServer.with([
            .eventStream(dropped, dropAfterChunks: 3), .eventStream(F.textAnswer(["second"], id: "msg_second")),
        ]) { server in
            let turn = try await F.provider(server.baseURL, sleeps: sleeps).complete(F.request(), recorder: recorder)
            return (turn, await server.requests.count)
        }

        #expect(turn.text == "second")
        #expect(turn.calls.map(\.messageID) == ["msg_second"])
        #expect(requests == 2)
        #expect(await recorder.retries.count == 1)
        #expect(await sleeps.sleeps == [.seconds(0.4375)])
    }

    @Test("a stream that keeps dropping ends in a transport error after maxRetries + 1 attempts")
    func droppedStreamExhausted() async throws {
        let dropped = LoopbackResponse.eventStream(F.textAnswer(["never"]), dropAfterChunks: 2)
        let (error, requests) = try await LoopbackHTTPServer.with(Array(repeating: dropped, count: 3)) { server in
            let error = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL).complete(F.request()) { _ in }
            }
            return (error, await server.requests.count)
        }

        guard case .transport(_, let attempts) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(requests == 3)
    }

    @Test("a refused connection is retried, then reported as a transport error")
    func connectionRefused() async throws {
        // The port of a server already shut down: nothing listens there any more.
        let closedPort = try await LoopbackHTTPServer.with([]) { $0.port }
        let sleeps = AnthropicSleepRecorder()
        let error = await anthropicError { () async throws(ProviderError) in
            try await F.provider("http://127.0.0.1:\(closedPort)", sleeps: sleeps, maxRetries: 1)
                .complete(F.request()) { _ in }
        }

        guard case .transport(_, let attempts) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(attempts == 2)
        #expect(await sleeps.sleeps.count == 1)
    }

    @Test("a server that stops sending times out within the idle limit")
    func idleTimeout() async throws {
        let stream = [F.messageStart(), F.textStart(0), F.textDelta(0, "and then")].map { Array($0.utf8) }
        let clock = ContinuousClock()
        let started = clock.now
        let (error, requests) = try await LoopbackHTTPServer.with([.eventStream(stream, hangAfterChunks: 3)]) {
            server in
            let error = await anthropicError { () async throws(ProviderError) in
                try await F.provider(server.baseURL, maxRetries: 0, idleTimeout: .seconds(1)).complete(F.request()) {
                    _ in
                }
            }
            return (error, await server.requests.count)
        }
        let elapsed = clock.now - started

        #expect(error == .timeout(seconds: 1))
        #expect(requests == 1)
        #expect(elapsed >= .seconds(1))
        // A guard against waiting for the stream forever, not a speed test: a loaded machine took 4.5 s here.
        #expect(elapsed < .seconds(30))
    }
}
