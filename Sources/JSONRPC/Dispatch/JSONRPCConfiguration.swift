import Logging

/// Settings shared by connections and the servers that host them.
public struct JSONRPCConfiguration: Sendable {
    /// How messages are delimited (default: sniffed per connection).
    public var framing: JSONRPCFraming
    /// Size, depth, batch and concurrency limits.
    public var limits: JSONRPCLimits
    /// How long a closing connection waits for cancelled requests to send their -32800 replies
    /// before it closes anyway (handlers that ignore cancellation are abandoned, not awaited).
    public var closeGracePeriod: Duration
    /// Where diagnostics go: never stdout, which carries the protocol over stdio. Each connection logs
    /// through a copy with its label as the `connection` metadata value.
    public var logger: Logger

    /// Creates a configuration; every argument but the logger has a sensible default.
    public init(
        framing: JSONRPCFraming = .auto,
        limits: JSONRPCLimits = JSONRPCLimits(),
        closeGracePeriod: Duration = .seconds(5),
        logger: Logger
    ) {
        self.framing = framing
        self.limits = limits
        self.closeGracePeriod = closeGracePeriod
        self.logger = logger
    }
}
