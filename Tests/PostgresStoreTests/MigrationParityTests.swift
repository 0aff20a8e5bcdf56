import Testing

@testable import PostgresStore
@testable import SQLiteStore

/// The two adapters' schemas are versioned together: a migration added to one is added to the other.
@Suite("Store migrations in both dialects")
struct MigrationParityTests {
    @Test("the SQLite and PostgreSQL adapters know the same number of schema versions")
    func sameCount() {
        #expect(
            PostgresMigrations.all.count == StoreMigrations.all.count,
            "add the new migration to both Sources/SQLiteStore/StoreMigrations.swift and PostgresMigrations.swift")
    }
}
