import JSONRPC
import NIOCore
import Testing

@Suite("Message decoding follows JSON-RPC 2.0")
struct MessageDecoderTests {
    let decoder = JSONRPCMessageDecoder()

    func decode(_ text: String, limits: JSONRPCLimits = JSONRPCLimits()) -> JSONRPCDecodedFrame {
        JSONRPCMessageDecoder(limits: limits).decode(ByteBuffer(string: text))
    }

    /// The code of a single invalid message, and the id it is answered with.
    func singleError(_ frame: JSONRPCDecodedFrame) -> (code: Int, id: RequestID)? {
        if case .single(.invalid(let error, let id)) = frame { return (error.code, id) }
        return nil
    }

    @Test(
        "single messages are classified (spec examples)",
        arguments: [
            (
                #"{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}"#,
                JSONRPCIncoming.request(JSONRPCRequest(id: 1, method: "subtract", params: [42, 23]))
            ),
            (
                #"{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": "abc"}"#,
                .request(JSONRPCRequest(id: "abc", method: "subtract", params: ["subtrahend": 23, "minuend": 42]))
            ),
            (
                #"{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}"#,
                .notification(JSONRPCNotification(method: "update", params: [1, 2, 3, 4, 5]))
            ),
            (#"{"jsonrpc": "2.0", "method": "foobar"}"#, .notification(JSONRPCNotification(method: "foobar"))),
            (#"{"jsonrpc": "2.0", "method": "x", "id": null}"#, .request(JSONRPCRequest(id: .null, method: "x"))),
            (#"{"jsonrpc": "2.0", "method": "x", "id": 1.5}"#, .request(JSONRPCRequest(id: .double(1.5), method: "x"))),
            (#"{"jsonrpc": "2.0", "result": 19, "id": 1}"#, .response(JSONRPCResponse(id: 1, result: 19))),
            (
                #"{"jsonrpc": "2.0", "error": {"code": -32601, "message": "nope"}, "id": "7"}"#,
                .response(JSONRPCResponse(id: "7", error: JSONRPCError(code: -32601, message: "nope")))
            ),
        ] as [(String, JSONRPCIncoming)]
    )
    func classifiesSingle(text: String, expected: JSONRPCIncoming) {
        #expect(self.decode(text) == .single(expected))
    }

    @Test(
        "invalid single messages get one error object with the right code and id",
        arguments: [
            (#"{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]"#, -32700, RequestID.null),
            (#"{"jsonrpc": "2.0", "method": 1, "params": "bar"}"#, -32600, .null),
            (#"{"jsonrpc": "1.0", "method": "x", "id": 3}"#, -32600, 3),
            (#"{"method": "x", "id": "a"}"#, -32600, "a"),
            (#"{"jsonrpc": "2.0", "id": 4}"#, -32600, 4),
            (#"{"jsonrpc": "2.0", "method": "x", "params": 5, "id": 6}"#, -32600, 6),
            (#"{"jsonrpc": "2.0", "method": "x", "id": {"a": 1}}"#, -32600, .null),
            (#"{"jsonrpc": "2.0", "method": "x", "id": true}"#, -32600, .null),
            ("42", -32600, .null),
            (#""text""#, -32600, .null),
            ("[]", -32600, .null),
            ("not json", -32700, .null),
            ("", -32700, .null),
        ] as [(String, Int, RequestID)]
    )
    func invalidSingle(text: String, code: Int, id: RequestID) throws {
        let error = try #require(self.singleError(self.decode(text)))
        #expect(error.code == code)
        #expect(error.id == id)
    }

    @Test("an empty batch is one invalid-request object, not an array")
    func emptyBatch() {
        guard case .single(.invalid(let error, .null)) = self.decode("[]") else {
            Issue.record("expected a single error")
            return
        }
        #expect(error.code == JSONRPCError.Code.invalidRequest)
    }

    @Test("invalid JSON inside a batch is one parse error for the whole frame")
    func invalidJSONInBatch() {
        let text = #"[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"]"#
        #expect(self.singleError(self.decode(text))?.code == -32700)
    }

    @Test("[1] and [1,2,3] are batches of invalid-request errors")
    func invalidBatchElements() {
        guard case .batch(let one) = self.decode("[1]"), case .batch(let three) = self.decode("[1,2,3]") else {
            Issue.record("expected batches")
            return
        }
        #expect(one == [.invalid(.invalidRequest("a message must be a JSON object"), id: .null)])
        #expect(three.count == 3)
        #expect(three.allSatisfy { if case .invalid(let e, .null) = $0 { e.code == -32600 } else { false } })
    }

    @Test("a mixed batch keeps each element's own classification, in order (spec example)")
    func mixedBatch() throws {
        let text = """
            [
                {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                {"foo": "boo"},
                {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
                {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
            ]
            """
        guard case .batch(let elements) = self.decode(text) else {
            Issue.record("expected a batch")
            return
        }
        #expect(elements.count == 6)
        #expect(elements[0] == .request(JSONRPCRequest(id: "1", method: "sum", params: [1, 2, 4])))
        #expect(elements[1] == .notification(JSONRPCNotification(method: "notify_hello", params: [7])))
        guard case .invalid(let error, .null) = elements[3] else {
            Issue.record("expected {\"foo\": \"boo\"} to be invalid")
            return
        }
        #expect(error.code == -32600)
    }

    @Test("a batch of only notifications decodes to notifications (answered by nothing)")
    func notificationBatch() {
        let text =
            #"[{"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},{"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}]"#
        guard case .batch(let elements) = self.decode(text) else {
            Issue.record("expected a batch")
            return
        }
        #expect(elements.allSatisfy { if case .notification = $0 { true } else { false } })
    }

    @Test("a batch longer than the limit is one invalid-request error")
    func batchLimit() throws {
        let element = #"{"jsonrpc":"2.0","method":"n"}"#
        let text = "[" + Array(repeating: element, count: 4).joined(separator: ",") + "]"
        let error = try #require(self.singleError(self.decode(text, limits: JSONRPCLimits(maxBatchLength: 3))))
        #expect(error.code == -32600)
        guard case .batch = self.decode(text, limits: JSONRPCLimits(maxBatchLength: 4)) else {
            Issue.record("four elements are within a limit of four")
            return
        }
    }

    @Test(
        "nesting past the depth limit is refused before parsing, even unbalanced",
        arguments: [
            String(repeating: "[", count: 10_000),
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
            #"{"jsonrpc":"2.0","method":"x","params":"# + String(repeating: "{\"a\":", count: 100),
        ]
    )
    func depthLimit(text: String) throws {
        let error = try #require(self.singleError(self.decode(text)))
        #expect(error.code == -32600)
        #expect(error.id == .null)
    }

    @Test("brackets inside strings do not count towards depth")
    func bracketsInStrings() {
        let text = #"{"jsonrpc":"2.0","method":"x","params":[""# + String(repeating: "[{\\\"", count: 200) + #""]}"#
        guard case .single(.notification) = self.decode(text) else {
            Issue.record("brackets inside a string were counted")
            return
        }
    }

    @Test("a malformed response is not answered")
    func malformedResponse() {
        guard
            case .single(.malformedResponse) = self.decode(
                #"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}}"#),
            case .single(.malformedResponse) = self.decode(#"{"jsonrpc":"2.0","id":1,"error":{"code":"x"}}"#)
        else {
            Issue.record("expected malformed responses")
            return
        }
    }

    @Test("messages are written with members in conventional order and ids echoed exactly")
    func writing() {
        let response = JSONRPCMessage.response(JSONRPCResponse(id: .double(1.5), error: .methodNotFound("x")))
        #expect(
            String(buffer: response.jsonBuffer())
                == #"{"jsonrpc":"2.0","id":1.5,"error":{"code":-32601,"message":"Method not found: x"}}"#
        )
        let request = JSONRPCMessage.request(JSONRPCRequest(id: "a", method: "m", params: [1]))
        #expect(String(buffer: request.jsonBuffer()) == #"{"jsonrpc":"2.0","id":"a","method":"m","params":[1]}"#)
        let notification = JSONRPCMessage.notification(JSONRPCNotification(method: "n"))
        #expect(String(buffer: notification.jsonBuffer()) == #"{"jsonrpc":"2.0","method":"n"}"#)
    }

    @Test(
        "a request's id is echoed as the JSON text it was sent as: 1e2, -0, 1.50, lone surrogates, in batches too",
        arguments: [
            (#"{"jsonrpc":"2.0","id":1e2,"method":"m"}"#, ["1e2"]),
            (#"{"jsonrpc":"2.0","id": -0 ,"method":"m"}"#, ["-0"]),
            (#"{"jsonrpc":"2.0","method":"m","id":1.50}"#, ["1.50"]),
            (#"{"jsonrpc":"2.0","id":"\ud800x","method":"m"}"#, [#""\ud800x""#]),
            (#"{"jsonrpc":"2.0","id":"\udc00","id":2E-1,"method":"m"}"#, ["2E-1"]),
            (#"{"jsonrpc":"2.0","id":0,"method":"m"}"#, ["0"]),
            (#"{"jsonrpc":"2.0","id":"a\u0062","method":"m"}"#, [#""ab""#]),
            (
                #"[{"jsonrpc":"2.0","id":{"x":[1]},"method":"m"},{"method":"m","id":-0.0,"jsonrpc":"2.0"}]"#,
                ["null", "-0.0"]
            ),
            (#"{"jsonrpc":"1.0","id":1E2,"method":"m"}"#, ["1E2"]),
        ] as [(String, [String])])
    func verbatimIDs(text: String, expected: [String]) throws {
        var ids: [RequestID] = []
        switch self.decode(text) {
        case .single(.request(let request)): ids = [request.id]
        case .single(.invalid(_, let id)): ids = [id]
        case .batch(let elements):
            for element in elements {
                if case .request(let request) = element { ids.append(request.id) }
                if case .invalid(_, let id) = element { ids.append(id) }
            }
        default: Issue.record("not decoded as requests: \(text)")
        }
        let replies = ids.map {
            String(buffer: JSONRPCMessage.response(JSONRPCResponse(id: $0, result: .null)).jsonBuffer())
        }
        #expect(replies == expected.map { #"{"jsonrpc":"2.0","id":\#($0),"result":null}"# })
    }

    @Test("server-defined codes must avoid the ones LSP took")
    func serverCodes() {
        #expect(JSONRPCError.Code.isAvailableForServer(-32010))
        #expect(!JSONRPCError.Code.isAvailableForServer(-32001))
        #expect(!JSONRPCError.Code.isAvailableForServer(-32002))
        #expect(!JSONRPCError.Code.isAvailableForServer(-32800))
    }
}
