import Glibc
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The embedded adapter of the store port: the workspace's state in one SQLite file (WAL), reached through the
/// system library's C API.
///
/// An actor on a thread of its own (``StoreThreadExecutor``): every statement, and every wait on another process's
/// write lock, happens there and never on Swift's cooperative pool. Every method is one transaction: what belongs
/// together is written together or not at all, so a crash leaves the store as it was before or after a change.
public actor SQLiteWorkflowStore: WorkflowStore {
    private let executor: StoreThreadExecutor
    private var connection: SQLiteConnection?
    /// The database file; nil for an in-memory store.
    public nonisolated let path: String?
    /// The file the connection opens: `path`, or the private copy a read-only open reads (see ``open(path:access:)``).
    private let openedPath: String?

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    public nonisolated var location: String { path ?? ":memory:" }

    private init(path: String?, openedPath: String? = nil) {
        self.path = path
        self.openedPath = openedPath ?? path
        self.executor = StoreThreadExecutor(name: "orchestrator-db")
        self.offThread = OffThreadCount()
    }

    /// How hard a commit reaches the disk (SQLite's `synchronous` in WAL mode).
    public enum Synchronous: String, Sendable, CaseIterable {
        /// The commit is in the WAL before the call returns; the WAL is fsynced at its checkpoints. A killed
        /// process loses nothing; a power loss may lose the last commits, never tear one. The default.
        case normal = "NORMAL"
        /// Every commit is fsynced: a power loss loses nothing committed. Costs an fsync per transaction.
        case full = "FULL"
    }

    /// Opens (creating it and its folder when missing) the store at `path`, in WAL mode, migrated to this build's
    /// schema.
    ///
    /// With `.readOnly` the store refuses writes (`PRAGMA query_only`), and a store this process cannot write — a
    /// read-only copy of a workspace, a read-only mount — is read through a private copy (see
    /// ``ReadOnlyStoreCopy``): SQLite cannot open a WAL database read-only where it cannot create the `-shm` file,
    /// and `immutable=1` would ignore the commits still in the WAL.
    public static func open(
        path: String, synchronous: Synchronous = .normal, access: StoreAccess = .readWrite
    ) async throws(StoreError)
        -> SQLiteWorkflowStore
    {
        if access == .readOnly && !ReadOnlyStoreCopy.canWrite(database: path) {
            return try await openCopy(of: path)
        }
        let store = SQLiteWorkflowStore(path: path)
        try await store.prepare(wal: true, synchronous: synchronous)
        if access == .readOnly { try await store.refuseWrites() }
        return store
    }

    /// Opens a private copy of the store at `path` (its database and WAL), read-only: see ``ReadOnlyStoreCopy``.
    static func openCopy(of path: String) async throws(StoreError) -> SQLiteWorkflowStore {
        let copy = try ReadOnlyStoreCopy(of: path)
        defer { copy.remove() }
        let store = SQLiteWorkflowStore(path: path, openedPath: copy.database)
        try await store.prepare(wal: true)
        // The copy's files are removed once open: the connection keeps its descriptor, and with the WAL folded into
        // the database and the journal mode DELETE, reading needs no other file.
        try await store.detachFromFiles()
        return store
    }

    /// A store that lives in memory only, for tests.
    public static func inMemory() async throws(StoreError) -> SQLiteWorkflowStore {
        let store = SQLiteWorkflowStore(path: nil)
        try await store.prepare(wal: false)
        return store
    }

    /// Statements of this store that ran anywhere but on its own thread: zero by design, checked by tests.
    public nonisolated var statementsOffStoreThread: Int { offThread.value.load(ordering: .relaxed) }
    private nonisolated let offThread: OffThreadCount

    private func prepare(wal: Bool, synchronous: Synchronous = .normal) throws(StoreError) {
        if let path = openedPath {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                if !folder.isEmpty {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            } catch {
                throw StoreError(.cannotOpen, path: folder, "cannot create the folder: \(error)")
            }
        }
        let connection = try SQLiteConnection(path: openedPath, offThread: offThread)
        let executor = self.executor
        do {
            try connection.withHandle { db in
                db.onStoreThread = { executor.isCurrent }
                if wal {
                    // WAL: readers never block the writer. NORMAL survives a killed process (the commit is in the
                    // WAL before the call returns); only a power loss can drop the last commits, and never tears one.
                    let mode = try db.query("PRAGMA journal_mode = WAL").first?.optionalString("journal_mode")
                    guard mode == "wal" else {
                        throw StoreError(
                            .cannotOpen, "cannot switch to WAL mode (journal mode is \(mode ?? "unknown"))")
                    }
                    try db.execute("PRAGMA synchronous = \(synchronous.rawValue)")
                }
                try db.execute("PRAGMA foreign_keys = ON")
                try migrate(db)
            }
        } catch let error as StoreError {
            throw StoreError(error.code, path: path, error.message)
        } catch {
            throw StoreError(.cannotOpen, path: path, "\(error)")
        }
        self.connection = connection
    }

    /// Makes every later write fail ("attempt to write a readonly database"): what a read-only open promises.
    private func refuseWrites() throws(StoreError) {
        try withOpenHandle { db throws(StoreError) in try db.execute("PRAGMA query_only = 1") }
    }

    /// Folds the WAL into the database and leaves WAL mode, so that the connection needs no file but the one it has
    /// open; then refuses writes.
    private func detachFromFiles() throws(StoreError) {
        try withOpenHandle { db throws(StoreError) in
            try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            let mode = try db.query("PRAGMA journal_mode = DELETE").first?.optionalString("journal_mode")
            guard mode == "delete" else {
                throw StoreError(.cannotOpen, path: path, "cannot leave WAL mode in the read-only copy")
            }
            try db.execute("PRAGMA query_only = 1")
        }
    }

    private func withOpenHandle(_ body: (SQLiteHandle) throws(StoreError) -> Void) throws(StoreError) {
        guard let connection else { throw StoreError(.cannotOpen, path: path, "the store is not open") }
        do {
            try connection.withHandle { db in try body(db) }
        } catch let error as StoreError {
            throw StoreError(error.code, path: path, error.message)
        } catch {
            throw StoreError(.cannotOpen, path: path, "\(error)")
        }
    }

    private func migrate(_ db: SQLiteHandle) throws(StoreError) {
        // Read without the write lock first: a store that is up to date (every open but the first after an upgrade)
        // needs none, so a reader is never held up behind another process's write, or one frozen inside it.
        let current = try db.query("PRAGMA user_version").first?.int("user_version") ?? 0
        if current == StoreMigrations.all.count { return }
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let applied = try db.query("PRAGMA user_version").first?.int("user_version") ?? 0
            if applied > StoreMigrations.all.count {
                throw StoreError(
                    .newerSchema, "the store was written by a newer orchestrator (schema \(applied)); upgrade to use it"
                )
            }
            for (index, migration) in StoreMigrations.all.enumerated().dropFirst(applied) {
                try db.execute(migration)
                try db.execute("PRAGMA user_version = \(index + 1)")
            }
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw StoreError(error.code, path: path, error.message)
        }
    }

    public func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T, committed: (@Sendable (T) -> Void)?
    ) throws -> T {
        // IMMEDIATE, so two processes never interleave a read-then-write.
        let result = try transaction(begin: "BEGIN IMMEDIATE", body)
        committed?(result)
        return result
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    private func transaction<T>(begin: String, _ body: (any StoreTransaction) throws -> T) throws -> T {
        guard let connection else { throw StoreError(.cannotOpen, path: path, "the store is not open") }
        do {
            return try connection.withHandle { db in
                // Prepared once and reused, like every statement: BEGIN and COMMIT run on every change.
                try db.query(begin)
                do {
                    let result = try body(SQLiteTransaction(db: db))
                    try db.query("COMMIT")
                    return result
                } catch {
                    try? db.execute("ROLLBACK")
                    throw error
                }
            }
        } catch let error as StoreError {
            throw StoreError(error.code, path: error.path ?? path, error.message)
        }
    }

    public func integrityCheck() throws -> [String] {
        try read { tx in try (tx as? SQLiteTransaction)?.integrityCheck() ?? [] }
    }

    public nonisolated func bytesOnDisk() -> Int64 {
        guard let path else { return 0 }
        var total: Int64 = 0
        for suffix in ["", "-wal", "-shm"] {
            var info = stat()
            if stat(path + suffix, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }

    /// Runs raw SQL in a write transaction: tests use it to prove the store refuses what it must, and to plant
    /// values it must not read.
    public func executeForTesting(_ sql: String) throws {
        _ = try transaction(begin: "BEGIN IMMEDIATE") { tx in try (tx as? SQLiteTransaction)?.execute(sql) }
    }
}
