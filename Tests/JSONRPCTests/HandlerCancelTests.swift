import JSONRPC
import Testing

/// A handler cancels a request of its peer (MCP's `notifications/cancelled`): with a reply (-32800) or without one.
@Suite("Cancelling a request from the handler")
struct HandlerCancelTests {
    /// A handler whose `slow` request waits until cancelled, and whose `cancel` notification cancels request `id`.
    private static func handler(started: Gate, reply: Bool) -> ClosureHandler {
        ClosureHandler(
            onRequest: { request, _ in
                guard request.method == "slow" else { return .string(request.method) }
                await started.open()
                // Returns only by cancellation (sleep throws when its task is cancelled).
                try await Task.sleep(for: .seconds(3600))
                return .string("slept")
            },
            onNotification: { notification, context in
                guard let raw = notification.params?["id"], let id = RequestID(raw) else { return }
                context.cancelRequest(id, reply: reply)
            })
    }

    @Test("cancelled without a reply: no answer for it, and the next request is answered")
    func silentCancel() async throws {
        let started = Gate()
        let peer = TestPeer(handler: Self.handler(started: started, reply: false))
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"slow"}"#)
        await started.wait()
        peer.send(#"{"jsonrpc":"2.0","method":"cancel","params":{"id":1}}"#)
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"fast"}"#)
        let first = try #require(await peer.next())
        #expect(first["id"] == .integer(2) && first["result"] == .string("fast"))
        _ = await peer.finish()
        #expect(await peer.next() == nil, "nothing was written for the cancelled request")
    }

    @Test("cancelled with a reply: answered -32800, as $/cancelRequest is")
    func cancelWithReply() async throws {
        let started = Gate()
        let peer = TestPeer(handler: Self.handler(started: started, reply: true))
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"slow"}"#)
        await started.wait()
        peer.send(#"{"jsonrpc":"2.0","method":"cancel","params":{"id":1}}"#)
        let reply = try #require(await peer.next())
        #expect(reply["id"] == .integer(1) && reply["error"]?["code"] == .integer(-32800))
        _ = await peer.finish()
    }

    @Test("cancelling a request that is not running changes nothing: its later namesake is answered")
    func cancelUnknown() async throws {
        let started = Gate()
        let peer = TestPeer(handler: Self.handler(started: started, reply: false))
        peer.send(#"{"jsonrpc":"2.0","method":"cancel","params":{"id":7}}"#)
        peer.send(#"{"jsonrpc":"2.0","id":7,"method":"fast"}"#)
        let reply = try #require(await peer.next())
        #expect(reply["id"] == .integer(7) && reply["result"] == .string("fast"))
        _ = await peer.finish()
    }
}
