import Synchronization

/// Where model calls on one API key wait when the API asked them to: a `retry-after`, or a rate limit with nothing
/// remaining until its reset. Seen by one call, the pause holds every other call on the key.
///
/// ``LocalRateLimitGate`` holds the calls of one process; a shared gate (Redis, in distributed mode) holds every
/// worker's on the same key, so many workers on one key back off together instead of each finding the limit.
public protocol RateLimitGate: Sendable {
    /// How long calls on `key` must still wait (nil or zero: they may go now).
    func remainingPause(key: String) async -> Duration?
    /// Holds calls on `key` for `duration` from now, unless a longer pause already holds them.
    func pause(key: String, for duration: Duration) async
}

/// The pauses of one process's calls, in memory.
public final class LocalRateLimitGate: RateLimitGate {
    /// The process's gate: every provider of the process shares it unless another is installed.
    public static let shared = LocalRateLimitGate()

    private let pausedUntil = Mutex<[String: ContinuousClock.Instant]>([:])

    public init() {}

    public func remainingPause(key: String) async -> Duration? {
        let now = ContinuousClock.now
        return pausedUntil.withLock { paused in
            guard let until = paused[key] else { return nil }
            if until <= now {
                paused[key] = nil
                return nil
            }
            return until - now
        }
    }

    /// The keys a pause holds now (for tests and diagnostics; the keys may contain API keys: never log them).
    func pausedKeys() -> [String] {
        let now = ContinuousClock.now
        return pausedUntil.withLock { paused in paused.filter { $0.value > now }.map(\.key) }
    }

    public func pause(key: String, for duration: Duration) async {
        let until = ContinuousClock.now + duration
        pausedUntil.withLock { paused in
            if let held = paused[key], held >= until { return }
            paused[key] = until
        }
    }
}

/// The gate providers made afterwards use: the process's local gate, or a shared one the executable installs.
public enum RateLimitGates {
    private static let installed = Mutex<any RateLimitGate>(LocalRateLimitGate.shared)

    /// Makes `gate` the one every provider made afterwards waits at.
    public static func install(_ gate: any RateLimitGate) {
        installed.withLock { $0 = gate }
    }

    /// The installed gate.
    public static var current: any RateLimitGate {
        installed.withLock { $0 }
    }
}
