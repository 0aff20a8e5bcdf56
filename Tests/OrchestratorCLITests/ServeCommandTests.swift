import Foundation
import TestSupport
import Testing

/// One LSP frame: `Content-Length` header and body.
private func lspFrame(_ json: String) -> String {
    "Content-Length: \(json.utf8.count)\r\n\r\n\(json)"
}

/// The JSON bodies of a stream of LSP frames, in order.
private func lspBodies(_ output: String) throws -> [[String: Any]] {
    var bodies: [[String: Any]] = []
    var rest = Substring(output)
    while let header = rest.range(of: "\r\n\r\n") {
        let length = Int(rest[..<header.lowerBound].split(separator: ":").last!.trimmingCharacters(in: .whitespaces))!
        let bodyStart = header.upperBound
        let utf8 = rest[bodyStart...].utf8
        let bodyEnd = utf8.index(utf8.startIndex, offsetBy: length)
        let body = String(rest[bodyStart..<bodyEnd])
        bodies.append(try JSONSerialization.jsonObject(with: Data(body.utf8)) as! [String: Any])
        rest = rest[bodyEnd...]
    }
    return bodies
}

@Suite("orchestrator serve --stdio")
struct ServeCommandTests {
    @Test("newline JSON in, one reply line per request out, exit 0 when stdin ends")
    func scriptingSession() throws {
        let requests = [
            #"{"jsonrpc":"2.0","id":1,"method":"server/info"}"#,
            #"{"jsonrpc":"2.0","id":"v","method":"config/validate","params":{"text":"project:\n  nmae: x\n"}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#,
        ]
        let outcome = try CLIRunner.run(
            ["serve", "--stdio"], stdin: Data((requests.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let replies = try outcome.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(replies.count == 3)
        let byID = Dictionary(uniqueKeysWithValues: replies.map { ("\($0["id"]!)", $0) })
        let info = try #require(byID["1"]?["result"] as? [String: Any])
        #expect(info["transport"] as? String == "stdio")
        #expect((info["methods"] as? [String])?.contains("config/validate") == true)
        let validation = try #require(byID["v"]?["result"] as? [String: Any])
        #expect(validation["kind"] as? String == "intake")
        let codes = (validation["diagnostics"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes?.contains("unknown-key") == true)
        // An LSP-only request outside an LSP session is refused, not answered with nonsense.
        #expect((byID["3"]?["error"] as? [String: Any])?["code"] as? Int == -32002)
    }

    @Test("diagnostics go through the logging system to stderr as plain lines, prefixed with the connection")
    func logLinesOnStandardError() throws {
        let messages = [
            #"{"jsonrpc":"2.0","method":"orchestrator/unheard-of"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"server/info"}"#,
        ]
        let outcome = try CLIRunner.run(
            ["serve", "--stdio"], stdin: Data((messages.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "[stdio] ignored unknown notification orchestrator/unheard-of\n")
        #expect(outcome.stdout.contains(#""id":1"#), "stdout carries only the protocol")
    }

    @Test(
        "stdin or stdout on /dev/null (which epoll refuses) is served through a pipe, not a crash",
        arguments: [(stdinIsNull: true, stdoutIsNull: false), (false, true), (true, true)])
    func devNull(stdinIsNull: Bool, stdoutIsNull: Bool) throws {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["serve", "--stdio"]
        let null = "/dev/null"
        let request = Pipe()
        let replies = Pipe()
        process.standardInput = stdinIsNull ? FileHandle(forReadingAtPath: null) : request
        process.standardOutput = stdoutIsNull ? FileHandle(forWritingAtPath: null) : replies
        process.standardError = FileHandle(forWritingAtPath: null)
        try process.run()
        if !stdinIsNull {
            request.fileHandleForWriting.write(Data(#"{"jsonrpc":"2.0","id":1,"method":"server/info"}"#.utf8 + [10]))
            try request.fileHandleForWriting.close()
        }
        let output = stdoutIsNull ? Data() : replies.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(output.isEmpty)
    }

    @Test("LSP shutdown then exit ends the process with status 0")
    func shutdownThenExit() throws {
        let input = [
            lspFrame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
            lspFrame(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            // Some clients send `"params": null` here; it must not leave the server running.
            lspFrame(#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#),
            lspFrame(#"{"jsonrpc":"2.0","id":3,"method":"server/info"}"#),
            lspFrame(#"{"jsonrpc":"2.0","method":"exit","params":null}"#),
        ].joined()
        let outcome = try CLIRunner.run(["serve", "--stdio"], stdin: Data(input.utf8))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let bodies = try lspBodies(outcome.stdout)
        let initialize = try #require(bodies.first { "\($0["id"] ?? "")" == "1" })
        let capabilities = (initialize["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect(capabilities?["positionEncoding"] as? String == "utf-16")
        #expect(bodies.contains { "\($0["id"] ?? "")" == "2" && $0.keys.contains("result") })
        // After shutdown every request is refused with -32600.
        let late = try #require(bodies.first { "\($0["id"] ?? "")" == "3" })
        #expect((late["error"] as? [String: Any])?["code"] as? Int == -32600)
    }

    @Test("LSP exit without shutdown ends the process with status 1")
    func exitWithoutShutdown() throws {
        let input = [
            lspFrame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
            lspFrame(#"{"jsonrpc":"2.0","method":"exit"}"#),
        ].joined()
        let outcome = try CLIRunner.run(["serve", "--stdio"], stdin: Data(input.utf8))
        #expect(outcome.status == 1, "stderr: \(outcome.stderr)")
    }

    @Test("--stdio with --socket is a usage error (exit 2)")
    func conflictingTransports() throws {
        let outcome = try CLIRunner.run(["serve", "--stdio", "--socket", "/tmp/x.sock"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("not both"))
    }

    @Test("--mcp with another transport, or a --workspace that is no folder, is a usage error (exit 2)")
    func mcpUsageErrors() throws {
        let both = try CLIRunner.run(["serve", "--mcp", "--stdio"])
        #expect(both.status == 2 && both.stderr.contains("--mcp serves MCP on stdin and stdout"), "\(both.stderr)")
        let missing = try CLIRunner.run(["serve", "--mcp", "--workspace", "/nonexistent/folder"])
        #expect(missing.status == 2 && missing.stderr.contains("is not a folder"), "\(missing.stderr)")
    }

    @Test("--mcp answers MCP on stdin/stdout (newline JSON whatever --framing says) and exits 0 when stdin ends")
    func mcpSession() throws {
        let folder = try TemporaryFolder(prefix: "serve-mcp")
        defer { try? FileManager.default.removeItem(atPath: folder.path) }
        let input =
            [
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","#
                    + #""capabilities":{},"clientInfo":{"name":"t","version":"0"}}}"#,
                #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
                #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"skills_match","#
                    + #""arguments":{"text":"build a demand forecasting model"}}}"#,
            ].joined(separator: "\n") + "\n"
        let outcome = try CLIRunner.run(
            ["serve", "--mcp", "--framing", "lsp", "--workspace", folder.path], stdin: Data(input.utf8))
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let replies = outcome.stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        #expect(replies.count == 2)
        let result = replies.last?["result"] as? [String: Any]
        let matches = (result?["structuredContent"] as? [String: Any])?["matches"] as? [[String: Any]]
        #expect(matches?.first?["id"] as? String == "time_series_forecasting", "\(outcome.stdout)")
    }
}
