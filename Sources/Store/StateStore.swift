#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The workspace's durable state: workflows, phase attempts, checkpoints, artifacts, events and leases in SQLite.
///
/// Every method runs one transaction: what belongs together is written together or not at all, so a crash
/// leaves the store as it was before or after a change, never between.
public final class StateStore: Sendable {
    private let connection: SQLiteConnection
    /// The database file; nil for an in-memory store.
    public let path: String?

    private init(connection: SQLiteConnection, path: String?) {
        self.connection = connection
        self.path = path
    }

    /// Opens (creating it and its folder when missing) the store at `path`, in WAL mode, migrated to this build's schema.
    public static func open(path: String) throws(StoreError) -> StateStore {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw StoreError(.cannotOpen, path: folder, "cannot create the folder: \(error)")
        }
        let store = StateStore(connection: try SQLiteConnection(path: path), path: path)
        try store.prepare(wal: true)
        return store
    }

    /// A store that lives in memory only, for tests.
    public static func inMemory() throws(StoreError) -> StateStore {
        let store = StateStore(connection: try SQLiteConnection(path: nil), path: nil)
        try store.prepare(wal: false)
        return store
    }

    private func prepare(wal: Bool) throws(StoreError) {
        do {
            try connection.withHandle { db in
                if wal {
                    // WAL: readers never block the writer. NORMAL survives a killed process (the commit is in the
                    // WAL before the call returns); only a power loss can drop the last commits, and never tears one.
                    let mode = try db.query("PRAGMA journal_mode = WAL").first?.optionalString(0)
                    guard mode == "wal" else {
                        throw StoreError(
                            .cannotOpen, "cannot switch to WAL mode (journal mode is \(mode ?? "unknown"))")
                    }
                    try db.execute("PRAGMA synchronous = NORMAL")
                }
                try db.execute("PRAGMA foreign_keys = ON")
                try migrate(db)
            }
        } catch let error as StoreError {
            throw StoreError(error.code, path: path, error.message)
        } catch {
            throw StoreError(.cannotOpen, path: path, "\(error)")
        }
    }

    private func migrate(_ db: SQLiteHandle) throws(StoreError) {
        try db.execute("BEGIN IMMEDIATE")
        do throws(StoreError) {
            let applied = try db.query("PRAGMA user_version").first?.int(0) ?? 0
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

    /// Runs `body` in one write transaction (IMMEDIATE, so two processes never interleave a read-then-write).
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN IMMEDIATE", body)
    }

    /// Runs `body` on a consistent read-only view of the store.
    public func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    private func transaction<T>(begin: String, _ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try connection.withHandle { db in
                // Prepared once and reused, like every statement: BEGIN and COMMIT run on every change.
                try db.query(begin)
                do {
                    let result = try body(StoreTransaction(db: db))
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

    /// `PRAGMA integrity_check`'s verdict: ["ok"], or what is damaged.
    public func integrityCheck() throws -> [String] {
        try read { tx in try tx.integrityCheck() }
    }
}
