import Foundation
import JSONRPC
import Logging
import Synchronization

/// A short private directory under /tmp (socket paths must stay under 104 bytes), removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/jrpc-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.path = String(cString: created)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}

/// Collects log lines so tests can assert what the server reported, as the CLI prints them:
/// `[connection] message` for a connection's lines, the message alone otherwise.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in LineHandler(capture: self) }
    }

    var all: [String] { self.lines.withLock { $0 } }

    fileprivate func append(_ line: String) { self.lines.withLock { $0.append(line) } }

    private struct LineHandler: LogHandler {
        let capture: LogCapture
        var logLevel = Logger.Level.trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let connection = event.metadata?["connection"] ?? self.metadata["connection"]
            self.capture.append((connection.map { "[\($0)] " } ?? "") + event.message.description)
        }
    }
}

extension Logger {
    /// A logger that drops everything (tests that expect noise).
    static let silent = Logger(label: "silent") { _ in SwiftLogNoOpLogHandler() }
}

/// File mode bits (permissions only) of a path.
func permissions(of path: String) -> Int {
    var info = stat()
    guard lstat(path, &info) == 0 else { return -1 }
    return Int(info.st_mode & 0o777)
}

func fileExists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}

/// Runs a program to completion without blocking a cooperative thread; returns its stdout.
func runProgram(_ executable: String, _ arguments: [String]) async throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    let finished = AsyncStream.makeStream(of: Void.self)
    process.terminationHandler = { _ in finished.continuation.finish() }
    try process.run()
    for await _ in finished.stream {}
    let data = output.fileHandleForReading.readDataToEndOfFile()
    return String(decoding: data, as: UTF8.self)
}

/// Leaves a socket file at `path` with nothing listening, as a crashed server would.
func makeStaleSocket(at path: String) throws {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
    guard result == 0 else { throw CocoaError(.fileWriteUnknown) }
}
