import Foundation

/// The PostgreSQL server tests run against: `ORCHESTRATOR_TEST_DATABASE_URL` (`make test` starts a throwaway one
/// with `Tests/Services/with-postgres`), and fresh databases made on it for one test each.
///
/// Without the variable, tests that need a server are skipped with ``missing`` as the reason, except under
/// `make test` (ORCHESTRATOR_TESTS_REQUIRE_ALL=1), where they run and fail with that message.
public enum PostgresTestServer {
    public static let variable = "ORCHESTRATOR_TEST_DATABASE_URL"

    /// Why a test that needs a server did not run, and how to get one.
    public static let missing =
        "no PostgreSQL server: set \(variable) to a server's URL (postgres://user@host:port/postgres, a user who may "
        + "create databases), or run the tests through Tests/Services/with-postgres, which starts a throwaway one "
        + "(make test does)"

    /// The server's URL (its maintenance database), when one is given.
    public static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether tests that need a server run: there is one, or every test must run (and fail without it).
    public static var shouldRun: Bool {
        url != nil || ProcessInfo.processInfo.environment["ORCHESTRATOR_TESTS_REQUIRE_ALL"] == "1"
    }

    /// A test's failure to reach a server or run SQL on it.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A database made for one test; `drop()` removes it (and ends the sessions still in it).
    public struct Database: Sendable {
        public let name: String
        /// The database's URL on the test server.
        public let url: String

        /// Starts psql dropping the database and returns at once: tests call it from `defer` on Swift's
        /// cooperative pool, which must not wait on a process (a dozen parallel tests doing so starved other
        /// tests' tasks under load). psql finishes on its own, even if this process ends first.
        public func drop() {
            _ = try? PostgresTestServer.launch("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", database: nil)
        }
    }

    /// Creates an empty database named `<prefix>_<random>` through the server's maintenance database.
    public static func createDatabase(prefix: String) async throws -> Database {
        let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        // FILE_COPY copies the template's files instead of writing them all to the WAL: half the work, for
        // dozens of databases a run makes.
        try await psql("CREATE DATABASE \(name) STRATEGY FILE_COPY")
        return Database(name: name, url: try url(ofDatabase: name))
    }

    /// The server's URL with `database` in place of its maintenance database.
    public static func url(ofDatabase database: String) throws -> String {
        guard let server = url else { throw Failure(description: missing) }
        guard let schemeEnd = server.range(of: "://") else { throw Failure(description: "\(variable) is not a URL") }
        let rest = server[schemeEnd.upperBound...]
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let queryStart = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(server[..<pathStart]) + "/" + database + String(rest[queryStart...])
    }

    /// Runs SQL with psql (PostgreSQL's own client, beside the server) on `database` (default: the maintenance one);
    /// returns its unaligned output. Awaits the process's end without blocking a thread. A failure names the SQL and
    /// what psql said.
    @discardableResult
    public static func psql(_ sql: String, database: String? = nil) async throws -> String {
        let process = try prepare(sql, database: database)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        // The process has ended: its output is all in the pipes, and reading them does not wait.
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "psql failed on '\(sql)': \(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts psql on `sql` without waiting for it.
    static func launch(_ sql: String, database: String?) throws {
        let process = try prepare(sql, database: database)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    private static func prepare(_ sql: String, database: String?) throws -> Process {
        guard let server = url else { throw Failure(description: missing) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", try database.map(url(ofDatabase:)) ?? server,
            "-c", sql,
        ]
        return process
    }
}
