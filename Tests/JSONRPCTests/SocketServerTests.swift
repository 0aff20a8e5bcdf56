import Foundation
import JSONRPC
import Logging
import NIOCore
import NIOPosix
import Testing

@Suite("Unix socket server")
struct SocketServerTests {
    @Test("serves newline JSON from a 0600 socket in a directory it creates 0700")
    func servesAndSecures() async throws {
        let running = try await RunningServer.start(subdirectory: "a/b")
        #expect(permissions(of: running.path) == 0o600)
        #expect(permissions(of: "\(running.directory.path)/a/b") == 0o700)
        #expect(permissions(of: "\(running.directory.path)/a") == 0o700)
        let client = try await TestClient.connect(to: running.path)
        #expect(try await client.call(echoLine) == ["jsonrpc": "2.0", "id": 1, "result": ["hi"]])
        await client.close()
        try await running.stop()
    }

    @Test("LSP framing is sniffed per connection and replies use it")
    func lspOverSocket() async throws {
        let running = try await RunningServer.start()
        let client = try await TestClient.connect(to: running.path)
        let body = #"{"jsonrpc":"2.0","id":"é","method":"echo","params":{"text":"ünïcode"}}"#
        try await client.send("Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(try await client.readLSPMessage() == ["jsonrpc": "2.0", "id": "é", "result": ["text": "ünïcode"]])
        let lineClient = try await TestClient.connect(to: running.path)
        #expect(try await lineClient.call(echoLine)?["result"] == ["hi"])
        await client.close()
        await lineClient.close()
        try await running.stop()
    }

    @Test("a client hanging up mid-message does not disturb another client")
    func hangUpIsolated() async throws {
        let running = try await RunningServer.start()
        let steady = try await TestClient.connect(to: running.path)
        #expect(try await steady.call(echoLine)?["id"] == 1)
        for framing in [#"{"jsonrpc":"2.0","id":2,"meth"#, "Content-Length: 100\r\n\r\n{\"jsonrpc\""] {
            let quitter = try await TestClient.connect(to: running.path)
            try await quitter.send(framing)
            await quitter.close()
            #expect(try await steady.call(echoLine)?["result"] == ["hi"])
        }
        let garbage = try await TestClient.connect(to: running.path)
        #expect(try await garbage.call("this is not json")?["error"]?["code"] == -32700)
        #expect(try await garbage.call(String(repeating: "[", count: 10_000))?["error"]?["code"] == -32600)
        #expect(try await steady.call(echoLine)?["result"] == ["hi"])
        await garbage.close()
        await steady.close()
        try await running.stop()
    }

    @Test("many clients at once each get their own answers")
    func manyClients() async throws {
        let running = try await RunningServer.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let client = try await TestClient.connect(to: running.path)
                    for round in 0..<5 {
                        let line = #"{"jsonrpc":"2.0","id":\#(round),"method":"echo","params":[\#(index)]}"#
                        let reply = try await client.call(line)
                        #expect(reply?["result"] == [.integer(Int64(index))])
                    }
                    await client.close()
                }
            }
            try await group.waitForAll()
        }
        try await running.stop()
    }

    @Test("an oversized message is answered with -32600 and the connection keeps working")
    func oversized() async throws {
        let running = try await RunningServer.start(limits: JSONRPCLimits(maxMessageSize: 1024))
        let client = try await TestClient.connect(to: running.path)
        let big =
            #"{"jsonrpc":"2.0","id":1,"method":"echo","params":[""# + String(repeating: "x", count: 5000) + #""]}"#
        let reply = try #require(try await client.call(big))
        #expect(reply["error"]?["code"] == -32600)
        #expect(reply["error"]?["message"]?.stringValue?.contains("exceeds the limit of 1024 bytes") == true)
        #expect(try await client.call(echoLine)?["result"] == ["hi"])
        await client.close()
        try await running.stop()
    }

    @Test("a bad Content-Length gets one error and the connection is closed")
    func badContentLength() async throws {
        let running = try await RunningServer.start()
        let client = try await TestClient.connect(to: running.path)
        try await client.send("Content-Length: lots\r\n\r\n{}")
        let reply = try #require(try await client.readLSPMessage())
        #expect(reply["error"]?["code"] == -32700)
        #expect(try await client.readToEnd() == "")
        try await running.stop()
    }

    @Test("a client that half-closes after sending still gets its reply")
    func halfClose() async throws {
        let running = try await RunningServer.start()
        let client = try await TestClient.connect(to: running.path)
        try await client.send(echoLine + "\n")
        try await client.closeOutput()
        #expect(try await client.readLine().map { try JSONValue(parsing: $0) }?["result"] == ["hi"])
        #expect(try await client.readLine() == nil)
        try await running.stop()
    }

    @Test("shutdown answers running requests with -32800, closes clients and removes the socket file")
    func shutdown() async throws {
        let running = try await RunningServer.start()
        let client = try await TestClient.connect(to: running.path)
        try await client.send(#"{"jsonrpc":"2.0","id":5,"method":"wait"}"# + "\n")
        // The echo reply proves the wait request is already running (messages are read in order).
        #expect(try await client.call(echoLine)?["id"] == 1)
        await running.server.shutdown()
        let reply = try #require(try await client.readLine().map { try JSONValue(parsing: $0) })
        #expect(reply["id"] == 5)
        #expect(reply["error"]?["code"] == -32800)
        #expect(try await client.readLine() == nil)
        #expect(!fileExists(running.path))
        try await running.runTask.value
        running.directory.remove()
    }

    @Test("a stale socket file is replaced")
    func staleSocket() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = "\(directory.path)/rpc.sock"
        try makeStaleSocket(at: path)
        #expect(fileExists(path))
        let server = try await JSONRPCSocketServer.bind(
            path: path, configuration: JSONRPCConfiguration(logger: .silent)
        ) { _ in
            serverHandler()
        }
        let runTask = Task { try await server.run() }
        let client = try await TestClient.connect(to: path)
        #expect(try await client.call(echoLine)?["result"] == ["hi"])
        await client.close()
        await server.shutdown()
        try await runTask.value
    }

    @Test("a second server on the same path is refused while the first listens")
    func secondServerRefused() async throws {
        let running = try await RunningServer.start()
        await #expect {
            _ = try await JSONRPCSocketServer.bind(
                path: running.path, configuration: JSONRPCConfiguration(logger: .silent)
            ) { _ in
                serverHandler()
            }
        } throws: { error in
            guard let error = error as? JSONRPCServerError else { return false }
            return error.code == .anotherServerListening
                && error.message == "another server is listening on \(running.path)"
        }
        let client = try await TestClient.connect(to: running.path)
        #expect(try await client.call(echoLine)?["result"] == ["hi"])
        await client.close()
        try await running.stop()
    }

    @Test("a directory others can enter, a foreign file, or an over-long path is refused with a clear error")
    func refusals() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = JSONRPCConfiguration(logger: .silent)
        chmod(directory.path, 0o755)
        await #expect {
            _ = try await JSONRPCSocketServer.bind(path: "\(directory.path)/rpc.sock", configuration: configuration) {
                _ in serverHandler()
            }
        } throws: { error in
            (error as? JSONRPCServerError)?.code == .insecureDirectory
                && String(describing: error).contains("mode 755")
        }
        chmod(directory.path, 0o700)
        _ = FileManager.default.createFile(atPath: "\(directory.path)/file", contents: Data("x".utf8))
        await #expect {
            _ = try await JSONRPCSocketServer.bind(path: "\(directory.path)/file", configuration: configuration) { _ in
                serverHandler()
            }
        } throws: { error in
            (error as? JSONRPCServerError)?.code == .pathOccupied
        }
        let longPath = directory.path + "/" + String(repeating: "d", count: 100) + "/rpc.sock"
        await #expect {
            _ = try await JSONRPCSocketServer.bind(path: longPath, configuration: configuration) { _ in serverHandler()
            }
        } throws: { error in
            (error as? JSONRPCServerError)?.code == .socketPathTooLong
        }
    }
}

@Suite("Where a connection's work runs")
struct ConnectionExecutorTests {
    @Test("requests and notifications run on the connection's event loop, not on another thread")
    func handlersRunOnTheEventLoop() async throws {
        let seen = EventLog()
        let running = try await RunningServer.start(handler: {
            ClosureHandler(
                onRequest: { _, _ in
                    // An actor hop on the way (like the server's session) must not move the work either.
                    await seen.record("request actor hop")
                    return .bool(MultiThreadedEventLoopGroup.currentEventLoop != nil)
                },
                onNotification: { _, _ in
                    await seen.record("notification on loop: \(MultiThreadedEventLoopGroup.currentEventLoop != nil)")
                })
        })
        let client = try await TestClient.connect(to: running.path)
        try await client.send(#"{"jsonrpc":"2.0","method":"note"}"# + "\n")
        for id in 1...3 {
            let reply = try await client.call(#"{"jsonrpc":"2.0","id":\#(id),"method":"where"}"#)
            #expect(reply?["result"] == true)
        }
        #expect(await seen.events.first == "notification on loop: true")
        await client.close()
        try await running.stop()
    }
}
