import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a response's `anthropic-ratelimit-*` headers say about the calls after it.
enum AnthropicRateLimits {
    static let limits = ["requests", "tokens", "input-tokens", "output-tokens"]

    /// How long calls on the key should hold: until the latest reset of a limit with nothing remaining, when that
    /// is within (0, 60] s (a longer one is left to `retry-after` and the back-off, as the SDKs do).
    static func exhaustedPause(_ head: HTTPResponseHead, now: Date) -> Duration? {
        var longest: Double?
        for limit in limits {
            guard
                let remaining = head.value(for: "anthropic-ratelimit-\(limit)-remaining").flatMap({
                    Int($0.trimmedWhitespace)
                }),
                remaining <= 0, let reset = head.value(for: "anthropic-ratelimit-\(limit)-reset").flatMap(rfc3339)
            else { continue }
            let seconds = reset.timeIntervalSince(now)
            if seconds > 0, seconds <= AnthropicRetryPolicy.maxServerDelay { longest = max(longest ?? 0, seconds) }
        }
        return longest.map { .seconds($0) }
    }

    /// A reset time as the API sends it (`2026-12-07T20:00:30Z`, fractional seconds allowed).
    static func rfc3339(_ text: String) -> Date? {
        let value = text.trimmedWhitespace
        return (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(value))
            ?? (try? Date.ISO8601FormatStyle().parse(value))
    }
}
