import Foundation
import StorePort
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
        let port = try Self.closedPort()
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

    /// A loopback port nothing listens on: bound by the system's choice, then closed.
    static func closedPort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return UInt16(bigEndian: address.sin_port)
    }
}
