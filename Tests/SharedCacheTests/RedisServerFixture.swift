import Foundation
import Logging
import SharedCache
import Synchronization
import TestSupport

/// A throwaway `redis-server` (Debian's `redis-server` package) on a free TCP port and a socket in a temporary
/// folder, persistence off, stopped by `stop()`.
struct RedisServerFixture: Sendable {
    /// True under `make test` (ORCHESTRATOR_TESTS_REQUIRE_ALL=1), which installs redis-server: the tests then run,
    /// and fail if it is missing, instead of being skipped.
    static let available =
        ProcessInfo.processInfo.environment["ORCHESTRATOR_TESTS_REQUIRE_ALL"] == "1"
        || FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")

    let folder: TemporaryFolder
    let port: Int32
    let password: String?
    private let process: ProcessBox

    private final class ProcessBox: @unchecked Sendable {
        let process = Process()
    }

    var socketPath: String { folder.path + "/redis.sock" }
    var tcpURL: RedisURL {
        RedisURL(address: .tcp(host: "127.0.0.1", port: port), password: password)
    }
    var socketURL: RedisURL { RedisURL(address: .unix(path: socketPath), password: password) }

    /// Starts a server (on `port`, or a free one) and waits (up to 20 s) until it answers PING.
    static func start(password: String? = nil, port: Int32? = nil) async throws -> RedisServerFixture {
        let folder = try TemporaryFolder(prefix: "redis")
        let port = try port ?? Int32(LoopbackPort.unused())
        let box = ProcessBox()
        box.process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        box.process.arguments =
            [
                "--port", String(port), "--bind", "127.0.0.1", "--unixsocket", folder.path + "/redis.sock",
                "--unixsocketperm", "700", "--save", "", "--appendonly", "no", "--dir", folder.path,
                "--logfile", folder.path + "/redis.log",
            ] + (password.map { ["--requirepass", $0] } ?? [])
        box.process.standardOutput = FileHandle.nullDevice
        box.process.standardError = FileHandle.nullDevice
        try box.process.run()
        let fixture = RedisServerFixture(folder: folder, port: port, password: password, process: box)
        let probe = RedisConnection(url: fixture.tcpURL)
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            if case .status("PONG") = try? probe.command("PING") { return fixture }
            guard box.process.isRunning, ContinuousClock.now < deadline else {
                fixture.stop()
                throw FixtureError(message: "redis-server did not answer: \(folder.read("redis.log") ?? "no log")")
            }
            // Waiting for another process to listen: there is nothing of ours to wait on instead.
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func stop() {
        if process.process.isRunning {
            // SIGKILL: the child inherits the test process's blocked signals (SIGTERM among them), and a server with
            // persistence off has nothing to save.
            kill(process.process.processIdentifier, SIGKILL)
            process.process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder.path)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Log lines kept for the test to read.
final class CapturedLog: Sendable {
    let lines = Mutex<[(Logger.Level, String)]>([])

    var logger: Logger {
        Logger(label: "test.shared") { _ in CapturingHandler(log: self) }
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.lines.withLock { $0.append((event.level, event.message.description)) }
        }
    }
}
