import JSONRPC
import NIOCore
import Testing

private enum InfoMethod: JSONRPCMethod {
    typealias Params = JSONRPCVoid
    typealias Result = JSONValue
    static let name = "server/info"
}

@Suite("Results encoded in advance")
struct PreEncodedResultTests {
    static let info: JSONValue = [
        "name": "orchestrator", "methods": ["a/b", "c\"d", "é\n"], "limits": ["maxDepth": 64, "ratio": 0.5],
    ]

    @Test("a pre-encoded result is written byte for byte as the value would be")
    func sameBytes() {
        let plain = JSONRPCMessage.response(JSONRPCResponse(id: .integer(7), result: JSONRPCResult(Self.info)))
        let cached = JSONRPCMessage.response(JSONRPCResponse(id: .integer(7), result: .preEncoded(Self.info)))
        #expect(String(buffer: cached.jsonBuffer()) == String(buffer: plain.jsonBuffer()))
        #expect(cached == plain)
        #expect(String(buffer: plain.jsonBuffer()).hasPrefix(#"{"jsonrpc":"2.0","id":7,"result":{"limits""#))
    }

    @Test("changing a response's outcome drops the encoding it carried")
    func staleEncodingDropped() throws {
        var response = JSONRPCResponse(id: .integer(1), result: .preEncoded(Self.info))
        response.outcome = .success("other")
        #expect(
            String(buffer: JSONRPCMessage.response(response).jsonBuffer())
                == #"{"jsonrpc":"2.0","id":1,"result":"other"}"#)
        response.outcome = .failure(.methodNotFound("x"))
        let written = try JSONValue(parsing: JSONRPCMessage.response(response).jsonBuffer())
        #expect(written["result"] == nil)
        #expect(written["error"]?["code"] == -32601)
    }

    @Test("a constant route answers every call, alone or in a batch, whatever the params")
    func constantRoute() async throws {
        var router = JSONRPCRouter()
        router.register(InfoMethod.self, constant: .preEncoded(Self.info))
        let peer = TestPeer(handler: router)
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"server/info"}"#)
        #expect(await peer.next()?["result"] == Self.info)
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"server/info","params":{"ignored":[1,2]}}"#)
        #expect(await peer.next()?["result"] == Self.info)
        peer.send(#"[{"jsonrpc":"2.0","id":3,"method":"server/info"},{"jsonrpc":"2.0","id":4,"method":"server/info"}]"#)
        let batch = try #require(await peer.next())
        guard case .array(let replies) = batch else {
            Issue.record("expected a batch reply, got \(batch)")
            return
        }
        #expect(replies.map { $0["result"] } == [Self.info, Self.info])
        #expect(
            try await router.handleRequest(
                JSONRPCRequest(id: .integer(5), method: "server/info", params: nil),
                context: JSONRPCRequestContext(
                    id: .integer(5), method: "server/info", connection: peer.connection.context)
            ) == Self.info)
        _ = await peer.finish()
    }
}
