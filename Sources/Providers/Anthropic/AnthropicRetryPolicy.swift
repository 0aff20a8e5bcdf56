#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why one attempt failed, and whether another attempt may succeed.
struct AnthropicAttemptFailure: Error {
    enum Kind {
        /// The connection failed or dropped; the attempt count is filled in when retries are exhausted.
        case transport(String)
        case timeout(Duration)
        /// Final as it is: an API error, a malformed response, cancellation.
        case error(ProviderError)
    }

    var kind: Kind
    var retryable: Bool
    /// The wait the server asked for, already checked against the range the SDKs honour.
    var serverDelay: Duration?

    static func transport(_ message: String) -> Self { Self(kind: .transport(message), retryable: true) }
    static func timeout(_ limit: Duration) -> Self { Self(kind: .timeout(limit), retryable: true) }
    static func final(_ error: ProviderError) -> Self { Self(kind: .error(error), retryable: false) }

    /// The error to throw once no retry is left, after `attempts` attempts.
    func providerError(attempts: Int) -> ProviderError {
        switch kind {
        case .transport(let message): return .transport(message: message, attempts: attempts)
        case .timeout(let limit): return .timeout(seconds: limit.totalSeconds)
        case .error(let error): return error
        }
    }

    /// A short reason for the `.retrying` event.
    var reason: String {
        switch kind {
        case .transport(let message): return message
        case .timeout(let limit): return "no response for \(limit.totalSeconds) s"
        case .error(let error): return error.description
        }
    }
}

/// When to retry and how long to wait first, as the official Anthropic SDKs do (`_base_client.py`).
enum AnthropicRetryPolicy {
    static let initialDelay = 0.5
    static let maxDelay = 8.0
    /// A server-requested wait longer than this is ignored in favour of the back-off.
    static let maxServerDelay = 60.0

    /// Whether an error response is worth another attempt.
    static func shouldRetry(_ response: AnthropicErrorResponse, head: HTTPResponseHead) -> Bool {
        switch head.value(for: "x-should-retry")?.lowercased() {
        case "true": return true
        case "false": return false
        default: break
        }
        // A spend limit stays reached until someone raises it; retrying only burns the attempts.
        if response.status == 429, response.errorCode == "enforced_spend_limit_reached" { return false }
        return [408, 409, 429].contains(response.status) || response.status >= 500
    }

    /// The wait `retry-after-ms` or `retry-after` (seconds or an HTTP date) asks for, when within (0, 60] s.
    static func serverDelay(_ head: HTTPResponseHead, now: Date) -> Duration? {
        var seconds: Double?
        if let milliseconds = head.value(for: "retry-after-ms").flatMap({ Double($0.trimmed) }) {
            seconds = milliseconds / 1000
        } else if let value = head.value(for: "retry-after")?.trimmed {
            seconds = Double(value) ?? httpDate(value).map { $0 - now.timeIntervalSince1970 }
        }
        guard let seconds, seconds.isFinite, seconds > 0, seconds <= maxServerDelay else { return nil }
        return .seconds(seconds)
    }

    /// The back-off before retry number `retriesSoFar + 1`: `min(0.5 × 2^n, 8) × (1 − 0.25 × random)`.
    static func backoff(retriesSoFar: Int, random: Double) -> Duration {
        let base = min(initialDelay * Double(1 << min(max(retriesSoFar, 0), 16)), maxDelay)
        let jitter = 1 - 0.25 * min(max(random, 0), 1)
        return .seconds(base * jitter)
    }

    /// Seconds since 1970 of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form servers send.
    static func httpDate(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
            let month = months.firstIndex(of: String(parts[2])).map({ $0 + 1 })
        else { return nil }
        let time = parts[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3, (1...31).contains(day), (0...23).contains(time[0]), (0...59).contains(time[1]),
            (0...60).contains(time[2])
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Double(days * 86_400 + time[0] * 3_600 + time[1] * 60 + time[2])
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Howard Hinnant's days-from-civil, to avoid depending on the C library's `timegm`.
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Duration {
    /// The duration in seconds, as the events and errors report it.
    var totalSeconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }

    var totalMilliseconds: Int64 {
        let (whole, fraction) = components
        return whole * 1000 + fraction / 1_000_000_000_000_000
    }
}

extension String {
    fileprivate var trimmed: String {
        String(self.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
