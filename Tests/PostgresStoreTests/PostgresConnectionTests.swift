import Foundation
import StorePort
import TestSupport
import Testing

@testable import PostgresStore

/// What the adapter says when it cannot connect, and what it never says: these need no server.
@Suite("PostgreSQL adapter: connections")
struct PostgresConnectionTests {
    @Test(
        "a URL's password is left out of what is shown",
        arguments: [
            ("postgres://alice:s3cret@db.example:5432/state", "postgres://alice@db.example:5432/state"),
            ("postgresql://alice:p@ss@db/state?sslmode=require", "postgresql://alice@db/state?sslmode=require"),
            (
                "postgres://db/state?user=alice&password=s3cret&sslmode=disable",
                "postgres://db/state?user=alice&sslmode=disable"
            ),
            ("postgres://alice@db/state", "postgres://alice@db/state"),
            ("postgres://db:5432", "postgres://db:5432"),
        ])
    func redacted(url: String, shown: String) {
        #expect(PostgresURL.redact(url) == shown)
    }

    @Test("a URL that is not PostgreSQL's is refused, naming it without its password")
    func notPostgres() async {
        await #expect {
            _ = try await PostgresWorkflowStore.open(url: "mysql://alice:s3cret@db/state")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.path == "mysql://alice@db/state"
                && error.message.contains("postgres://") && !error.description.contains("s3cret")
        }
    }

    @Test("a server that refuses the connection is an open error with libpq's reason, the URL without its password")
    func connectionRefused() async throws {
        let port = try LoopbackPort.unused()
        let url = "postgres://alice:s3cret@127.0.0.1:\(port)/state"
        await #expect {
            _ = try await PostgresWorkflowStore.open(url: url)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.path == "postgres://alice@127.0.0.1:\(port)/state"
                && error.message.contains("Connection refused") && !error.description.contains("s3cret")
        }
    }

    @Test("a URL libpq cannot read is an open error saying why")
    func badURL() async {
        await #expect {
            _ = try await PostgresWorkflowStore.open(url: "postgres://alice:s3cret@127.0.0.1:notaport/state")
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .cannotOpen && error.message.contains("notaport")
                && !error.description.contains("s3cret")
        }
    }
}
