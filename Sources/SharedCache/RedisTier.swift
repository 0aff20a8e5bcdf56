import Logging
import Synchronization

/// The Redis connection every shared piece of a process uses, and whether Redis answers.
///
/// When Redis stops answering, callers fall back to their own machine's cache and limits: the tier says so once in
/// the log (and once when Redis answers again), and tries Redis again at most every ``retryInterval`` so that a
/// dead server costs one connection timeout per interval, not one per call.
public final class RedisTier: Sendable {
    public let connection: RedisConnection
    public let retryInterval: Duration
    private let logger: Logger
    private let downSince = Mutex<ContinuousClock.Instant?>(nil)
    /// Commands whose refusal was logged: a server that refuses one (out of memory, a renamed command) refuses it
    /// every time, and one line says so.
    private let refusalsSaid = Mutex<Set<String>>([])

    public init(connection: RedisConnection, retryInterval: Duration = .seconds(5), logger: Logger) {
        self.connection = connection
        self.retryInterval = retryInterval
        self.logger = logger
    }

    /// Whether the last command failed (so callers are on their machine's own cache and limits).
    public var isDown: Bool { downSince.withLock { $0 != nil } }

    /// The reply to `arguments`, or nil when Redis is down (the caller falls back). An error reply is treated as no
    /// answer, and logged the first time a command gets one.
    public func run(_ arguments: [[UInt8]]) -> RedisReply? {
        let now = ContinuousClock.now
        if let since = downSince.withLock({ $0 }), now - since < retryInterval { return nil }
        do throws(RedisError) {
            let reply = try connection.command(arguments)
            let wasDown = downSince.withLock { held in
                defer { held = nil }
                return held != nil
            }
            if wasDown {
                logger.notice("Redis at \(connection.url) answers again: summaries and model rate limits are shared")
            }
            if case .error(let message) = reply {
                let command = String(decoding: arguments.first ?? [], as: UTF8.self)
                if refusalsSaid.withLock({ $0.insert(command).inserted }) {
                    logger.warning("Redis at \(connection.url) refused \(command): \(message)")
                }
                return nil
            }
            return reply
        } catch {
            let first = downSince.withLock { held in
                defer { held = now }
                return held == nil
            }
            if first {
                logger.warning(
                    "\(error.message); summaries and model rate limits are this machine's own until it answers")
            }
            return nil
        }
    }

    /// `run` with text arguments.
    public func run(_ arguments: String...) -> RedisReply? {
        run(arguments.map { Array($0.utf8) })
    }
}
