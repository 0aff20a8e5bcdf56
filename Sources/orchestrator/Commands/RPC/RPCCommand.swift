import ArgumentParser
import JSON

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `orchestrator rpc METHOD [PARAMS]`: one request to a running server's socket, its reply on stdout.
///
/// The transport `clients/orchestrator-rpc` falls back to where neither socat nor OpenBSD netcat is installed, so
/// the shell client works wherever the server does; it prints and exits exactly as that client does.
struct RPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract: "Send one JSON-RPC request to a running 'orchestrator serve --socket' and print the result.",
        discussion: """
            Prints the reply's result as one line of JSON. PARAMS is a JSON object or array ("-" reads it \
            from stdin). With --follow, notifications ($/progress, workflow/event) are printed as they arrive; \
            for workflow/subscribe the command then follows until the workflow reaches a final state \
            (workflow.completed, .blocked, .failed or .cancelled) or it is interrupted.
            Exit status: 0 result printed, 1 the server answered with an error, 2 usage error or no reply.
            """)

    @Argument(help: "The method, e.g. server/info or workflow/subscribe.")
    var method: String

    @Argument(
        help: ArgumentHelp("The params: a JSON object or array, or - to read them from stdin.", valueName: "params"))
    var params: String?

    @Option(
        help: ArgumentHelp(
            "The server's socket (default: $ORCHESTRATOR_SOCKET, else \(Serve.defaultSocket)).", valueName: "path"))
    var socket: String?

    @Flag(help: "Also print each notification as it arrives; follow workflow/subscribe until the run ends.")
    var follow = false

    @Option(help: "The request id: an integer is sent as a number, anything else as a string.")
    var id = "1"

    @Option(
        help: ArgumentHelp("Give up when nothing arrives for this many seconds (default: wait).", valueName: "seconds"))
    var timeout: Int?

    /// The name errors are reported under (the shell client passes its own).
    @Option(help: .hidden)
    var name = "orchestrator rpc"

    func validate() throws {
        if let timeout, timeout < 1 { throw ValidationError("--timeout wants whole seconds, at least 1") }
    }

    func run() throws {
        let path =
            socket ?? ProcessInfo.processInfo.environment["ORCHESTRATOR_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Serve.defaultSocket
        let request: RPCRequestLine
        do {
            request = try RPCRequestLine(method: method, params: try params.map(Self.readParams), id: id)
        } catch {
            throw fail(error.message)
        }
        let connection: UnixSocketClient
        do {
            connection = try UnixSocketClient.connect(path: path)
            try connection.send(request.text + "\n")
        } catch {
            throw fail(error.message)
        }
        var watcher = RPCReplyWatcher(
            id: request.id, follow: follow, followsRun: follow && method == "workflow/subscribe",
            workflow: request.params?["workflow"]?.stringValue)
        while true {
            let line: String?
            do {
                line = try connection.readLine(timeout: timeout)
            } catch {
                throw fail("no reply from \(path): \(error.message)")
            }
            let action = line.map { watcher.consume($0) } ?? watcher.endOfStream(socket: path)
            switch action {
            case .ignore:
                continue
            case .show(let text):
                Self.printLine(text)
            case .finish(let stdout, let stderr, let status):
                if let stdout { Self.printLine(stdout) }
                if let stderr { StandardError.write("\(name): \(stderr)\n") }
                if status != 0 { throw ExitStatus(status) }
                return
            }
        }
    }

    /// A usage or connection failure: the message under the command's name, exit 2.
    private func fail(_ message: String) -> ExitStatus {
        StandardError.write("\(name): \(message)\n")
        return ExitStatus(2)
    }

    private static func readParams(_ given: String) throws(RPCRequestLine.Failure) -> String {
        guard given == "-" else { return given }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One line on stdout, written at once (unbuffered): a follower reads each notification as it comes.
    private static func printLine(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = write(STDOUT_FILENO, base + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
