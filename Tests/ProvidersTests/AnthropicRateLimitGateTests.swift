import Foundation
import Testing

@testable import Providers

@Suite("Anthropic provider: pauses shared by calls on one key", .timeLimit(.minutes(1)))
struct AnthropicRateLimitGateTests {
    typealias F = AnthropicFixture

    @Test("a 429's retry-after holds the next call on the same key, not a call on another key")
    func retryAfterHoldsOtherCalls() async throws {
        let gate = LocalRateLimitGate()
        let first = AnthropicSleepRecorder()
        let second = AnthropicSleepRecorder()
        let otherKey = AnthropicSleepRecorder()
        try await LoopbackHTTPServer.with([
            .json(status: 429, AnthropicRetryTests.rateLimited, headers: [("retry-after", "30")]),
            .eventStream(F.textAnswer(["one"])), .eventStream(F.textAnswer(["two"])),
            .eventStream(F.textAnswer(["three"])),
        ]) { server in
            _ = try await F.provider(server.baseURL, sleeps: first, gate: gate).complete(F.request()) { _ in }
            var other = F.provider(server.baseURL, sleeps: otherKey, gate: gate)
            other.configuration.apiKey = "another-key"
            _ = try await other.complete(F.request()) { _ in }
            _ = try await F.provider(server.baseURL, sleeps: second, gate: gate).complete(F.request()) { _ in }
        }
        // The first call waited the server's 30 s as its own retry; the other key went at once; the second call on
        // the key waited what was left of the pause the first recorded (its sleeps return at once here, so the
        // pause is still there for each of its rounds).
        #expect(await first.sleeps == [.seconds(30)])
        #expect(await otherKey.sleeps.isEmpty)
        let waits = await second.sleeps
        #expect(!waits.isEmpty)
        #expect(waits.allSatisfy { $0 > .seconds(25) && $0 <= .seconds(30) })
    }

    @Test("a response whose limit has nothing remaining holds the key's calls until the limit's reset")
    func exhaustedLimitHoldsUntilReset() async throws {
        let gate = LocalRateLimitGate()
        let now = Date()
        let reset = now.addingTimeInterval(20)
        let stamp = reset.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        try await LoopbackHTTPServer.with([
            .eventStream(
                F.textAnswer(["spent"]),
                headers: [
                    ("anthropic-ratelimit-requests-remaining", "0"), ("anthropic-ratelimit-requests-reset", stamp),
                    ("anthropic-ratelimit-tokens-remaining", "5000"),
                ])
        ]) { server in
            var provider = F.provider(server.baseURL, gate: gate)
            provider.configuration.now = { now }
            _ = try await provider.complete(F.request()) { _ in }
        }
        let held = try #require(gate.pausedKeys().first)
        let remaining = try #require(await gate.remainingPause(key: held))
        #expect(remaining > .seconds(15) && remaining <= .seconds(20))
    }

    @Test("the reset headers: only a limit with nothing left counts, and only within a minute")
    func exhaustedPauseReading() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func head(_ remaining: String, inSeconds: Double) -> HTTPResponseHead {
            let reset = now.addingTimeInterval(inSeconds).formatted(Date.ISO8601FormatStyle())
            return HTTPResponseHead(
                status: 200,
                headers: [
                    "anthropic-ratelimit-output-tokens-remaining": remaining,
                    "anthropic-ratelimit-output-tokens-reset": reset,
                ])
        }
        #expect(AnthropicRateLimits.exhaustedPause(head("0", inSeconds: 12), now: now) == .seconds(12))
        #expect(AnthropicRateLimits.exhaustedPause(head("1", inSeconds: 12), now: now) == nil)
        #expect(AnthropicRateLimits.exhaustedPause(head("0", inSeconds: 90), now: now) == nil)
        #expect(AnthropicRateLimits.exhaustedPause(head("0", inSeconds: -3), now: now) == nil)
        #expect(AnthropicRateLimits.rfc3339("2026-12-07T20:00:30.250Z") != nil)
        #expect(AnthropicRateLimits.rfc3339("yesterday") == nil)
    }

    @Test("a longer pause is never shortened by a shorter one")
    func longerPauseWins() async {
        let gate = LocalRateLimitGate()
        await gate.pause(key: "k", for: .seconds(40))
        await gate.pause(key: "k", for: .seconds(2))
        let remaining = await gate.remainingPause(key: "k")
        #expect(remaining.map { $0 > .seconds(35) } == true)
        #expect(await gate.remainingPause(key: "other") == nil)
    }
}
