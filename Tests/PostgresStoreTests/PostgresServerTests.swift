import Foundation
import Model
import StorePort
import Synchronization
import TestSupport
import Testing

@testable import PostgresStore

/// The adapter against a real server (`ORCHESTRATOR_TEST_DATABASE_URL`; `make test` starts a throwaway one), each
/// test on a database of its own.
@Suite(
    "PostgreSQL adapter: against a server",
    .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.missing)))
struct PostgresServerTests {
    /// The sequence numbers the `committed` callbacks saw, shared with them.
    final class Sequences: Sendable {
        let values = Mutex<[Int64]>([])
    }

    private func workflow(_ slug: String, _ number: Int) -> WorkflowRecord { Self.workflow(slug, number) }

    private static func workflow(_ slug: String, _ number: Int) -> WorkflowRecord {
        WorkflowRecord(
            id: "\(slug)-\(number)", project: slug, slug: slug, number: number, intakePath: "/w/intake.yaml",
            intakeText: "project: {name: x}", workspace: "/w", phases: [.planning, .qa], status: .running,
            createdAt: Int64(number))
    }

    /// The database's URL with a password the server (trusting local users) ignores: it must never be shown.
    private func withPassword(_ url: String) -> String {
        url.replacingOccurrences(of: "://postgres@", with: "://postgres:s3cret-pw@")
    }

    @Test(
        "a commit by another store of the database (another process's, elsewhere) signals this one's subscribers",
        .timeLimit(.minutes(1)))
    func commitsAreSignalled() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "signals")
        defer { database.drop() }
        let listening = try await PostgresWorkflowStore.open(url: database.url)
        let writing = try await PostgresWorkflowStore.open(url: database.url)
        var signals = listening.commitSignals().makeAsyncIterator()
        // The listener signals once it is listening (a reconnection may have missed commits): wait for that first,
        // so the write below is one it hears.
        #expect(await signals.next() != nil)
        try await writing.write { tx in try tx.insert(workflow("s", 1)) }
        #expect(await signals.next() != nil)
        #expect(try await listening.read { tx in try tx.workflow(id: "s-1") }?.id == "s-1")
    }

    @Test("a store let go while subscribed ends its signal streams", .timeLimit(.minutes(1)))
    func signalsEndWithTheStore() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "signals_end")
        defer { database.drop() }
        var store: PostgresWorkflowStore? = try await PostgresWorkflowStore.open(url: database.url)
        var signals = try #require(store).commitSignals().makeAsyncIterator()
        #expect(await signals.next() != nil, "listening")
        store = nil
        // The listener finishes each stream (its termination handler takes the listener's lock: not while held).
        while await signals.next() != nil {}
        #expect(store == nil)
    }

    @Test("the store names its database without the password, and so do its errors")
    func passwordNeverShown() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        let url = withPassword(database.url)
        #expect(url.contains("s3cret-pw"), "the test server's URL names user postgres")
        let store = try await PostgresWorkflowStore.open(url: url)
        #expect(store.location == database.url)
        #expect(try await store.integrityCheck() == ["ok"])
        #expect(store.bytesOnDisk() == 0)
        try await store.write { tx in try tx.insert(workflow("a", 1)) }
        await #expect {
            // The same workflow twice: the database refuses it (a unique key).
            try await store.write { tx in try tx.insert(workflow("a", 1)) }
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .database && error.description.hasPrefix(database.url + ": ")
                && !error.description.contains("s3cret-pw")
        }
        let missing = withPassword(try PostgresTestServer.url(ofDatabase: database.name + "_missing"))
        await #expect {
            _ = try await PostgresWorkflowStore.open(url: missing)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.message.contains("does not exist")
                && !error.description.contains("s3cret-pw")
        }
    }

    @Test("after the server ends the store's session while it is idle, the next transaction connects again and works")
    func reconnectsAfterTermination() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        let store = try await PostgresWorkflowStore.open(url: database.url)
        try await store.write { tx in try tx.insert(workflow("a", 1)) }
        let before = try await store.backendPIDForTesting()
        #expect(try await PostgresTestServer.psql("SELECT pg_terminate_backend(\(before), 10000)") == "t")
        #expect(try await store.read { tx in try tx.workflows().map(\.id) } == ["a-1"])
        try await store.write { tx in try tx.insert(workflow("a", 2)) }
        #expect(try await store.backendPIDForTesting() != before)
        #expect(try await store.read { tx in try tx.workflows().count } == 2)
    }

    @Test("a connection lost inside a transaction is reported, nothing of it is kept, and the next transaction works")
    func lostMidTransaction() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        let store = try await PostgresWorkflowStore.open(url: withPassword(database.url))
        await #expect {
            try await store.write { tx in
                try tx.insert(workflow("lost", 1))
                // The server ends this very session, as a restart or a dropped network would, mid-transaction.
                try (tx as? PostgresTransaction)?.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            }
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .connectionLost && error.path == database.url
                && error.message.contains("dropped during a transaction")
                && error.message.contains("server closed the connection") && !error.description.contains("s3cret-pw")
        }
        #expect(try await store.read { tx in try tx.workflows() }.isEmpty)
        try await store.write { tx in try tx.insert(workflow("after", 1)) }
        #expect(try await store.read { tx in try tx.workflows().map(\.id) } == ["after-1"])
    }

    @Test("two stores opening one fresh database at once both succeed, and it is migrated once")
    func concurrentMigration() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        async let first = PostgresWorkflowStore.open(url: database.url)
        async let second = PostgresWorkflowStore.open(url: database.url)
        let stores = try await [first, second]
        for store in stores { #expect(try await store.integrityCheck() == ["ok"]) }
        let versions = try await PostgresTestServer.psql(
            "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations", database: database.name)
        #expect(versions == (1...PostgresMigrations.all.count).map(String.init).joined(separator: ","))
    }

    @Test("a database migrated by a newer build is refused with a clear error")
    func newerSchemaRefused() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        _ = try await PostgresWorkflowStore.open(url: database.url)
        try await PostgresTestServer.psql(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)", database: database.name)
        await #expect {
            _ = try await PostgresWorkflowStore.open(url: database.url)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .newerSchema && error.path == database.url && error.message.contains("schema 99")
        }
    }

    @Test("writers in two stores never take the same workflow number or event sequence")
    func concurrentWriters() async throws {
        let database = try await PostgresTestServer.createDatabase(prefix: "adapter")
        defer { database.drop() }
        let stores = [
            try await PostgresWorkflowStore.open(url: database.url),
            try await PostgresWorkflowStore.open(url: database.url),
        ]
        let perStore = 15
        let sequences = Sequences()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores {
                for _ in 0..<perStore {
                    group.addTask {
                        _ = try await store.write(
                            { tx -> WorkflowEvent in
                                // Read, then write what was read: only serialised writers make this safe.
                                let number = try tx.nextWorkflowNumber(slug: "race")
                                try tx.insert(Self.workflow("race", number))
                                return try tx.append(
                                    WorkflowEvent(workflowID: "race-\(number)", kind: .workflowStarted, timestamp: 1))
                            }, committed: { event in sequences.values.withLock { $0.append(event.sequence) } })
                    }
                }
            }
            try await group.waitForAll()
        }
        let numbers = try await stores[0].read { tx in try tx.workflows().map(\.number) }
        #expect(numbers.sorted() == Array(1...(2 * perStore)))
        let committed = sequences.values.withLock { $0 }
        #expect(Set(committed).count == 2 * perStore)
        var stored: [Int64] = []
        for number in 1...(2 * perStore) {
            stored += try await stores[1].read { tx in try tx.events(workflowID: "race-\(number)").map(\.sequence) }
        }
        #expect(stored.sorted() == committed.sorted())
        // In the order the workflows were numbered (the order of their commits), sequences increase.
        #expect(stored == stored.sorted())
    }
}
