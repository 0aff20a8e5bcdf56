import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Brings a database to this build's schema (``PostgresMigrations``), recording each version applied in
/// `schema_migrations`.
///
/// All pending versions are applied in one transaction under the store's write lock: two processes opening a fresh
/// database at once do not both migrate (the second finds the work done once it gets the lock), and a failed
/// migration leaves the database as it was.
struct PostgresMigrator {
    let connection: PostgresConnection
    let location: String

    func migrate() throws(StoreError) {
        do throws(StoreError) {
            // Read without the lock first: a database that is up to date (every open but the first after an upgrade)
            // needs none, so an open never waits behind another process's write.
            if try applied() == PostgresMigrations.all.count { return }
            try connection.execute("BEGIN; SELECT pg_advisory_xact_lock(\(PostgresWorkflowStore.writeLockKey))")
            do throws(StoreError) {
                try connection.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT)")
                let current = try applied()
                if current > PostgresMigrations.all.count {
                    throw StoreError(
                        .newerSchema,
                        "the store was written by a newer orchestrator (schema \(current)); upgrade to use it")
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                for (index, migration) in PostgresMigrations.all.enumerated().dropFirst(current) {
                    try connection.execute(migration)
                    try connection.query(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                        [(index + 1).postgresText, now.postgresText])
                }
                try connection.execute("COMMIT")
            } catch {
                if !connection.isBroken { try? connection.execute("ROLLBACK") }
                throw error
            }
        } catch {
            throw StoreError(error.code, path: error.path ?? location, error.message)
        }
    }

    /// The newest version applied; 0 for a database that has none (a fresh one).
    private func applied() throws(StoreError) -> Int {
        let present = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard try present.first?.bool("present") == true else { return 0 }
        return try connection.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations").first?
            .int("version") ?? 0
    }
}
