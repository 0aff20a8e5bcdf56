import Synchronization

/// The bytes a server may hold, all connections together, for messages that have not arrived whole.
///
/// One per server, shared by its connections' frame decoders: a peer that sends part of a huge body
/// and stalls holds that part, and eight such peers could hold eight times the message limit. Past the
/// budget, a message still arriving is refused (its bytes are skipped and the peer gets -32600); what
/// other connections hold is untouched, and the budget frees as their messages complete or close.
public final class JSONRPCBufferBudget: Sendable {
    /// The most bytes held at once.
    public let limit: Int
    private let held = Atomic<Int>(0)

    /// A budget of `limit` bytes.
    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// The bytes held now.
    public var inUse: Int { self.held.load(ordering: .relaxed) }

    /// Takes `bytes` more if they fit; false (and nothing taken) when they do not.
    func reserve(_ bytes: Int) -> Bool {
        var current = self.held.load(ordering: .relaxed)
        while true {
            guard current + bytes <= self.limit else { return false }
            let (exchanged, original) = self.held.compareExchange(
                expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Gives `bytes` back.
    func release(_ bytes: Int) {
        self.held.subtract(bytes, ordering: .relaxed)
    }
}
