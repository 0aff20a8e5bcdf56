import JSONRPC
import Testing

/// A typed method as a server would declare it.
private enum HoverMethod: JSONRPCMethod {
    struct Params: Decodable, Sendable {
        struct Position: Decodable, Sendable {
            var line: Int
            var character: Int
        }

        var uri: String
        var position: Position
        var tags: [String]?
    }

    struct Result: Encodable, Sendable {
        var contents: String
    }

    static let name = "textDocument/hover"
}

private enum ShutdownMethod: JSONRPCMethod {
    typealias Params = JSONRPCVoid
    typealias Result = JSONRPCVoid
    static let name = "shutdown"
}

private enum DidOpenNotification: JSONRPCNotificationMethod {
    struct Params: Decodable, Sendable {
        var uri: String
    }

    static let name = "textDocument/didOpen"
}

@Suite("Typed method router")
struct RouterTests {
    func makeRouter(opened: EventLog = EventLog()) -> JSONRPCRouter {
        var router = JSONRPCRouter()
        router.register(HoverMethod.self) { params, _ in
            HoverMethod.Result(contents: "\(params.uri)@\(params.position.line):\(params.position.character)")
        }
        router.register(ShutdownMethod.self) { _, _ in JSONRPCVoid() }
        router.register(DidOpenNotification.self) { params, _ in await opened.record(params.uri) }
        return router
    }

    func call(_ router: JSONRPCRouter, _ params: String?) async throws -> JSONValue {
        let peer = TestPeer(handler: router)
        let paramsMember = params.map { #","params":\#($0)"# } ?? ""
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover"\#(paramsMember)}"#)
        let reply = try #require(await peer.next())
        _ = await peer.finish()
        return reply
    }

    @Test("typed params are decoded and the typed result encoded")
    func typedCall() async throws {
        let reply = try await self.call(
            self.makeRouter(), #"{"uri":"file:///a.yaml","position":{"line":3,"character":7}}"#)
        #expect(reply["result"] == ["contents": "file:///a.yaml@3:7"])
    }

    @Test(
        "bad params get -32602 naming the member by its JSON Pointer, in the message and in data.pointer",
        arguments: [
            (#"{"position":{"line":3,"character":7}}"#, "/uri"),
            (#"{"uri":"u","position":{"line":"three","character":7}}"#, "/position/line"),
            (#"{"uri":"u","position":{"line":3}}"#, "/position/character"),
            (#"{"uri":"u","position":null}"#, "/position"),
            (#"{"uri":"u","position":{"line":3,"character":7},"tags":["a",2]}"#, "/tags/1"),
            (nil, "/uri"),
        ] as [(String?, String)]
    )
    func invalidParams(params: String?, pointer: String) async throws {
        let reply = try await self.call(self.makeRouter(), params)
        let error = try #require(reply["error"])
        #expect(error["code"] == -32602)
        let message = try #require(error["message"]?.stringValue)
        #expect(message.contains("member \"\(pointer)\""), "message was: \(message)")
        #expect(error["data"]?["pointer"] == .string(pointer))
    }

    @Test(
        "JSON-RPC errors speak JSON, not Swift type names: params of the wrong type are named in JSON's words",
        arguments: [
            ("[1,2]", "Invalid params: params must be an object, found an array"),
            (
                #"{"uri":"u","position":{"line":"three","character":7}}"#,
                #"Invalid params: member "/position/line" must be an integer, found "three""#
            ),
            (
                #"{"uri":["u"],"position":{"line":1,"character":7}}"#,
                #"Invalid params: member "/uri" must be a string, found an array"#
            ),
        ] as [(String, String)]
    )
    func invalidParamsInJSONWords(params: String, message: String) async throws {
        let reply = try await self.call(self.makeRouter(), params)
        #expect(reply["error"]?["message"] == .string(message))
        for swiftWord in ["Dictionary", "Swift.", "Int", "String<", "Array<", "Expected to decode"] {
            #expect(reply["error"]?["message"]?.stringValue?.contains(swiftWord) == false)
        }
    }

    @Test("a method without params accepts none, {}, [] or null (as LSP clients send) and returns null")
    func voidMethod() async throws {
        let peer = TestPeer(handler: self.makeRouter())
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#)
        #expect(await peer.next()?["result"] == .null)
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":[]}"#)
        #expect(await peer.next()?["result"] == .null)
        peer.send(#"{"jsonrpc":"2.0","id":3,"method":"shutdown","params":null}"#)
        #expect(await peer.next()?["result"] == .null)
        _ = await peer.finish()
    }

    @Test("typed notifications are routed; unknown methods get -32601")
    func notificationsAndUnknown() async throws {
        let opened = EventLog()
        let peer = TestPeer(handler: self.makeRouter(opened: opened))
        peer.send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"uri":"file:///x"}}"#)
        peer.send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"wrong":1}}"#)
        peer.send(#"{"jsonrpc":"2.0","method":"$/setTrace","params":{}}"#)
        peer.send(#"{"jsonrpc":"2.0","id":9,"method":"workflow/unknown"}"#)
        let reply = try #require(await peer.next())
        #expect(reply["error"]?["code"] == -32601)
        #expect(reply["error"]?["message"] == "Method not found: workflow/unknown")
        #expect(await opened.events == ["file:///x"])
        _ = await peer.finish()
    }

    @Test("the router lists its method names for comparison with the OpenRPC document")
    func methodNames() {
        let router = self.makeRouter()
        #expect(router.methodNames == ["shutdown", "textDocument/hover"])
        #expect(router.notificationNames == ["textDocument/didOpen"])
    }
}
