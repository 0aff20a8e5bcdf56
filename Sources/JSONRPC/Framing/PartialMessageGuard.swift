import NIOCore

/// What a frame decoder keeps about the message it is in the middle of: the bytes it holds for it,
/// charged to the server's ``JSONRPCBufferBudget``, and a clock that closes the connection when the
/// message is not complete within the limit (a peer trickling one byte a second cannot hold a
/// connection and its buffer forever).
struct PartialMessageGuard {
    private let budget: JSONRPCBufferBudget?
    private let timeout: Duration?
    /// The bytes charged to the budget now.
    private(set) var held = 0
    private var timer: Scheduled<Void>?

    init(budget: JSONRPCBufferBudget?, timeout: Duration?) {
        self.budget = budget
        self.timeout = timeout
    }

    /// The budget's size, for the refusal's message.
    var budgetLimit: Int { self.budget?.limit ?? .max }

    /// Charges the decoder's unread bytes; false when the growth does not fit (the charge stays as it was).
    mutating func hold(_ bytes: Int) -> Bool {
        guard let budget else {
            self.held = bytes
            return true
        }
        if bytes <= self.held {
            budget.release(self.held - bytes)
            self.held = bytes
            return true
        }
        guard budget.reserve(bytes - self.held) else { return false }
        self.held = bytes
        return true
    }

    /// A message was handed on: its clock stops (the next one starts its own).
    mutating func messageEnded() {
        self.timer?.cancel()
        self.timer = nil
    }

    /// Starts the clock when a message is under way and none runs; stops it when none is.
    mutating func track(incomplete: Bool, context: ChannelHandlerContext) {
        guard incomplete else {
            self.messageEnded()
            return
        }
        guard self.timer == nil, let timeout = self.timeout else { return }
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let described = Self.describe(timeout)
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
            context.fireErrorCaught(
                JSONRPCFramingError(
                    .incompleteMessageTimeout, "a message was not completed within \(described); closing the connection"
                ))
        }
    }

    /// The decoder is gone: what it held goes back to the budget and the clock stops.
    mutating func end() {
        _ = self.hold(0)
        self.messageEnded()
    }

    private static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms"
    }
}
