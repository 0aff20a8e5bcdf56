import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The PostgreSQL adapter of the store port: the state of workflows in a database server that several processes
/// (and, later, machines) share, reached through libpq.
///
/// An actor on a thread of its own (``StoreThreadExecutor``) holding one connection: every statement, and every
/// wait on the server or on another writer's lock, happens there and never on Swift's cooperative pool. Every
/// method is one transaction, as in the SQLite adapter.
public actor PostgresWorkflowStore: WorkflowStore, CommitSignalling {
    /// The advisory lock every write transaction takes (and migrations too). One key for the whole store, so writes
    /// are serialised across every process and machine as SQLite's single writer serialises them: that is what
    /// keeps the next workflow number, the store-wide increasing event sequence (in commit order) and each
    /// workflow's linear audit chain correct. Locking per workflow is later work (distributed workers).
    static let writeLockKey: Int64 = 0x6f72_6368_7374_6f72

    private let executor: StoreThreadExecutor
    private let url: PostgresURL
    private let access: StoreAccess
    private var connection: PostgresConnection?
    private nonisolated let offThread = OffThreadCount()
    /// Hears every writer's commits (LISTEN), once something subscribes.
    private nonisolated let listener: PostgresCommitListener

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The database URL without its password.
    public nonisolated var location: String { url.redacted }

    private init(url: PostgresURL, access: StoreAccess) {
        self.url = url
        self.access = access
        self.executor = StoreThreadExecutor(name: "orchestrator-pg")
        self.listener = PostgresCommitListener(url: url)
    }

    /// A signal after any writer's commit (every write transaction sends a NOTIFY as it commits), coalesced.
    public nonisolated func commitSignals() -> AsyncStream<Void> {
        listener.signals()
    }

    /// Connects to the database `url` names (`postgres://user:password@host:port/database`) and migrates it to
    /// this build's schema.
    ///
    /// With `.readOnly` the store refuses writes: the session's transactions are read-only, and ``write(_:committed:)``
    /// fails before it reaches the server. A database migrated by a newer build is refused (``StoreError/Code/newerSchema``).
    public static func open(
        url: String, access: StoreAccess = .readWrite
    ) async throws(StoreError)
        -> PostgresWorkflowStore
    {
        let store = PostgresWorkflowStore(url: try PostgresURL(url), access: access)
        try await store.prepare()
        return store
    }

    private func prepare() throws(StoreError) {
        try connect()
    }

    /// Statements of this store that ran anywhere but on its own thread: zero by design.
    public nonisolated var statementsOffStoreThread: Int { offThread.value.load(ordering: .relaxed) }

    /// A connection that is up and migrated: the current one unless the server dropped it, else a new one.
    @discardableResult
    private func connect() throws(StoreError) -> PostgresConnection {
        if let connection, !connection.noticeDrop() {
            connection.abandonOpenTransaction()
            return connection
        }
        connection?.close()
        connection = nil
        let fresh = try PostgresConnection(url: url, offThread: offThread)
        let executor = self.executor
        fresh.onStoreThread = { executor.isCurrent }
        try PostgresMigrator(connection: fresh, location: location).migrate()
        if access == .readOnly {
            try located { () throws(StoreError) in
                try fresh.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            }
        }
        connection = fresh
        return fresh
    }

    public func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T, committed: (@Sendable (T) -> Void)?
    ) throws -> T {
        guard access == .readWrite else {
            throw StoreError(.database, path: location, "the store was opened read-only: writes are refused")
        }
        let result = try transaction(
            begin: "BEGIN; SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", body,
            // In the COMMIT's round trip; delivered to listeners when (and only if) the transaction commits.
            commit: "NOTIFY \(PostgresCommitListener.channel); COMMIT")
        committed?(result)
        return result
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func transaction<T>(
        begin: String, _ body: (any StoreTransaction) throws -> T, commit: String = "COMMIT"
    ) throws -> T {
        var connection = try connect()
        do {
            try connection.execute(begin)
        } catch {
            // Nothing of this transaction ran yet: a connection the server ended while it sat idle (noticed only
            // now) is replaced once. A failure on the new one is reported.
            guard connection.isBroken else { throw located(error) }
            self.connection = nil
            connection = try connect()
            do { try connection.execute(begin) } catch { throw located(error) }
        }
        do {
            let result = try body(PostgresTransaction(db: connection))
            try connection.execute(commit)
            return result
        } catch {
            if connection.isBroken {
                self.connection = nil
                let reason = (error as? StoreError)?.message ?? "\(error)"
                throw StoreError(
                    .connectionLost, path: location,
                    "the connection to the database server dropped during a transaction, which was not committed "
                        + "(if it dropped at COMMIT, whether it was is unknown) and is not retried: \(reason)")
            }
            try? connection.execute("ROLLBACK")
            if let error = error as? StoreError { throw located(error) }
            throw error
        }
    }

    /// `error` naming this store, unless it names a place already.
    private func located(_ error: StoreError) -> StoreError {
        StoreError(error.code, path: error.path ?? location, error.message)
    }

    private func located(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        do { try body() } catch { throw located(error) }
    }

    /// `["ok"]` when the server answers and the schema is the one this build writes; otherwise what is wrong.
    public func integrityCheck() throws -> [String] {
        do {
            let applied = try read { tx in try (tx as? PostgresTransaction)?.schemaVersion() ?? 0 }
            let known = PostgresMigrations.all.count
            return applied == known ? ["ok"] : ["schema version \(applied), this build writes \(known)"]
        } catch let error as StoreError {
            return [error.description]
        }
    }

    /// 0: the database lives on a server, whose size is not this process's to tell.
    public nonisolated func bytesOnDisk() -> Int64 { 0 }

    /// Runs raw SQL in a write transaction: tests use it to prove the store refuses what it must, and to plant
    /// values it must not read.
    public func executeForTesting(_ sql: String) throws {
        _ = try write({ tx in try (tx as? PostgresTransaction)?.execute(sql) }, committed: nil)
    }

    /// The server process of the store's connection, connecting first if needed (tests end it from elsewhere).
    public func backendPIDForTesting() throws -> Int32 {
        try connect().backendPID
    }
}
