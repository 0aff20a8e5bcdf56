import Glibc

/// Where the engine reads the time: the system clock in use, a fixed one in tests.
public protocol EngineClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func nowMilliseconds() -> Int64
    /// A monotonic reading in nanoseconds, for durations.
    func monotonicNanoseconds() -> UInt64
}

/// The system's clocks.
public struct SystemClock: EngineClock {
    public init() {}

    public func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    public func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}

extension EngineClock {
    /// Milliseconds elapsed since a monotonic reading.
    public func milliseconds(since start: UInt64) -> Double {
        Double(monotonicNanoseconds() &- start) / 1_000_000
    }
}
