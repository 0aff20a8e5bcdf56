import Foundation
import PostgresStore
import SQLiteStore
import StorePort
import TestSupport
import Testing

/// One adapter of the store port as the contract tests open it: a fresh, empty store each time.
struct StoreAdapter: Sendable, CustomTestStringConvertible {
    /// A store opened for one test, with a way to plant raw values and to clean up.
    struct Opened: Sendable {
        let store: any WorkflowStore
        /// Runs raw SQL in a write transaction, bypassing the port (to plant values the port must refuse to read).
        let execute: @Sendable (String) async throws -> Void
        /// Opens the same store again, as another process would.
        let reopen: @Sendable (StoreAccess) async throws -> any WorkflowStore
        let close: @Sendable () -> Void
    }

    let name: String
    let open: @Sendable () async throws -> Opened

    var testDescription: String { name }

    /// Every adapter the contract runs against: PostgreSQL too when there is a test server, or when every test
    /// must run (`make test`, where its cases then fail saying how to get one). Without, its absence is reported
    /// as a skipped test (`ContractAdapterTests`).
    static let all: [StoreAdapter] = PostgresTestServer.shouldRun ? [sqlite, postgres] : [sqlite]

    /// The embedded adapter, on a file in a temporary folder (WAL, as users run it).
    static let sqlite = StoreAdapter(name: "sqlite") {
        let folder = try TemporaryFolder(prefix: "store-contract")
        let path = folder.path + "/state.db"
        let store = try await SQLiteWorkflowStore.open(path: path)
        return Opened(
            store: store, execute: { sql in try await store.executeForTesting(sql) },
            reopen: { access in try await SQLiteWorkflowStore.open(path: path, access: access) },
            close: { try? FileManager.default.removeItem(atPath: folder.path) })
    }

    /// The PostgreSQL adapter, on a database of its own made on the test server (`ORCHESTRATOR_TEST_DATABASE_URL`)
    /// and dropped at the end; without a server, opening fails saying how to get one.
    static let postgres = StoreAdapter(name: "postgres") {
        let database = try await PostgresTestServer.createDatabase(prefix: "contract")
        do {
            let store = try await PostgresWorkflowStore.open(url: database.url)
            return Opened(
                store: store, execute: { sql in try await store.executeForTesting(sql) },
                reopen: { access in try await PostgresWorkflowStore.open(url: database.url, access: access) },
                close: { database.drop() })
        } catch {
            database.drop()
            throw error
        }
    }
}

/// Which adapters the contract covers in this run, visibly.
@Suite("Store contract: adapters")
struct ContractAdapterTests {
    @Test(
        "the contract runs against PostgreSQL as well as SQLite",
        .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.missing)))
    func postgresCovered() {
        #expect(StoreAdapter.all.map(\.name) == ["sqlite", "postgres"])
    }
}
