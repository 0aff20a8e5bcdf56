/// The engine's port to durable state: what a workflow store must offer, whatever keeps it (SQLite embedded,
/// PostgreSQL distributed).
///
/// A transaction's body is synchronous and runs on the adapter's own thread (never on Swift's cooperative pool),
/// where an adapter may block on its database; callers await the whole transaction. Everything a body does is
/// committed together or not at all.
public protocol WorkflowStore: Sendable {
    /// Where the store lives, for messages (a file path, a database URL without its password).
    var location: String { get }

    /// Runs `body` in one write transaction, then `committed` with its result on the store's thread, before any
    /// later transaction starts: what `committed` does (publishing events) happens in commit order.
    func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T,
        committed: (@Sendable (T) -> Void)?
    ) async throws -> T

    /// Runs `body` on a consistent read-only view of the store.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T

    /// What the store's own health check reports: `["ok"]`, or what is damaged.
    func integrityCheck() async throws -> [String]

    /// Bytes the store takes on disk (0 when it cannot tell, as for a remote database).
    func bytesOnDisk() -> Int64
}

extension WorkflowStore {
    /// Runs `body` in one write transaction.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await write(body, committed: nil)
    }
}
