import JSONRPC
import NIOCore
import Synchronization
import Testing

@Suite("Dispatch: concurrency, ordering, cancellation, batches")
struct DispatchTests {
    func request(_ id: Int, _ method: String, _ params: String = "[]") -> String {
        #"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#
    }

    func notification(_ method: String, _ params: String = "[]") -> String {
        #"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params)}"#
    }

    @Test("a request is answered with its result and id")
    func answersRequest() async throws {
        let peer = TestPeer(handler: echoHandler())
        peer.send(self.request(1, "echo", #"{"x":[1,"two"]}"#))
        #expect(await peer.next() == ["jsonrpc": "2.0", "id": 1, "result": ["x": [1, "two"]]])
        _ = await peer.finish()
    }

    @Test("unknown methods get -32601 and plain errors -32603 with their description")
    func errorMapping() async throws {
        let peer = TestPeer(handler: echoHandler())
        peer.send(self.request(1, "nope"))
        let notFound = try #require(await peer.next())
        #expect(notFound["error"]?["code"] == -32601)
        peer.send(self.request(2, "fail"))
        let failed = try #require(await peer.next())
        #expect(failed["error"]?["code"] == -32603)
        #expect(failed["error"]?["message"]?.stringValue?.contains("the disk is full") == true)
        #expect(failed["id"] == 2)
        _ = await peer.finish()
    }

    @Test("admission runs in arrival order, before handlers: a refused request never reaches its handler")
    func admissionInArrivalOrder() async throws {
        let closed = Mutex(false)
        let handled = Mutex<[String]>([])
        let release = Gate()
        var handler = ClosureHandler(
            onRequest: { request, _ in
                handled.withLock { $0.append(request.method) }
                if request.method == "close" { await release.wait() }
                return .null
            },
            onAdmit: { request in
                closed.withLock { closed in
                    if closed { return JSONRPCError.invalidRequest("closed") }
                    if request.method == "close" { closed = true }
                    return nil
                }
            })
        let probed = Mutex<Bool?>(nil)
        handler.onNotification = { _, _ in probed.withLock { $0 = closed.withLock { $0 } } }
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "close"))
        peer.send(self.notification("probe"))
        peer.send(self.request(2, "work"))
        // "close" is still held in its handler: the refusal can only come from admission.
        let refused = try #require(await peer.next())
        #expect(refused["id"] == 2)
        #expect(refused["error"]?["code"] == -32600)
        await release.open()
        #expect(await peer.next()?["id"] == 1)
        #expect(handled.withLock { $0 } == ["close"])
        // The notification that followed "close" already saw it admitted.
        #expect(probed.withLock { $0 } == true)
        _ = await peer.finish()
    }

    @Test("a slow request is answered after a fast one that arrived later")
    func outOfOrder() async throws {
        let slowGate = Gate()
        let handler = ClosureHandler(onRequest: { request, _ in
            if request.method == "slow" { await slowGate.wait() }
            return .string(request.method)
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "slow"))
        peer.send(self.request(2, "fast"))
        #expect(await peer.next()?["id"] == 2)
        await slowGate.open()
        #expect(await peer.next()?["id"] == 1)
        _ = await peer.finish()
    }

    @Test("notifications run one at a time in arrival order")
    func notificationOrder() async throws {
        let log = EventLog()
        let handler = ClosureHandler(
            onRequest: { _, _ in .array(await log.events.map(JSONValue.string)) },
            onNotification: { notification, _ in
                await log.enter()
                // Yielding invites any concurrent execution to interleave, which would show in the log.
                for _ in 0..<3 { await Task.yield() }
                await log.record(notification.params?[0]?.stringValue ?? "?")
                await log.leave()
            }
        )
        let peer = TestPeer(handler: handler)
        for index in 0..<50 { peer.send(self.notification("append", "[\"\(index)\"]")) }
        peer.send(self.request(1, "get"))
        let reply = try #require(await peer.next())
        #expect(reply["result"] == .array((0..<50).map { .string(String($0)) }))
        #expect(await log.maxRunning == 1)
        _ = await peer.finish()
    }

    @Test("a request after a notification starts only once that notification's handler has finished")
    func requestWaitsForNotification() async throws {
        let log = EventLog()
        let noteStarted = Gate()
        let releaseNote = Gate()
        let handler = ClosureHandler(
            onRequest: { _, _ in
                await log.record("request")
                return .null
            },
            onNotification: { _, _ in
                await log.record("didChange started")
                await noteStarted.open()
                await releaseNote.wait()
                await log.record("didChange finished")
            }
        )
        let peer = TestPeer(handler: handler)
        peer.send(self.notification("didChange"))
        peer.send(self.request(1, "hover"))
        await noteStarted.wait()
        for _ in 0..<10 { await Task.yield() }
        await releaseNote.open()
        #expect(await peer.next()?["id"] == 1)
        #expect(await log.events == ["didChange started", "didChange finished", "request"])
        _ = await peer.finish()
    }

    @Test("$/cancelRequest cancels the running request, which is answered with -32800")
    func cancellation() async throws {
        let handler = ClosureHandler(onRequest: { _, _ in
            try await waitForCancellation()
            return "not reached"
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(7, "wait"))
        peer.send(self.notification("$/cancelRequest", #"{"id":7}"#))
        let reply = try #require(await peer.next())
        #expect(reply["id"] == 7)
        #expect(reply["error"]?["code"] == -32800)
        _ = await peer.finish()
    }

    @Test("cancelling one request leaves the others running")
    func cancellationIsTargeted() async throws {
        let gate = Gate()
        let handler = ClosureHandler(onRequest: { request, _ in
            if request.method == "wait" { try await waitForCancellation() }
            await gate.wait()
            return "done"
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "wait"))
        peer.send(self.request(2, "work"))
        peer.send(self.notification("$/cancelRequest", #"{"id":1}"#))
        #expect(await peer.next()?["id"] == 1)
        await gate.open()
        #expect(await peer.next() == ["jsonrpc": "2.0", "id": 2, "result": "done"])
        _ = await peer.finish()
    }

    @Test("no more requests run at once than the limit")
    func concurrencyBound() async throws {
        let log = EventLog()
        let twoRunning = Gate()
        let release = Gate()
        let handler = ClosureHandler(onRequest: { _, _ in
            await log.enter()
            if await log.maxRunning == 2 { await twoRunning.open() }
            await release.wait()
            await log.leave()
            return .null
        })
        let peer = TestPeer(limits: JSONRPCLimits(maxConcurrentRequests: 2), handler: handler)
        for id in 1...6 { peer.send(self.request(id, "work")) }
        await twoRunning.wait()
        for _ in 0..<10 { await Task.yield() }
        await release.open()
        var ids: Set<JSONValue> = []
        for _ in 1...6 { ids.insert(try #require(await peer.next()?["id"])) }
        #expect(ids == Set((1...6).map { JSONValue.integer(Int64($0)) }))
        #expect(await log.maxRunning == 2)
        _ = await peer.finish()
    }

    @Test("a mixed batch is answered by one array of the non-notification replies (spec example)")
    func mixedBatch() async throws {
        let handler = ClosureHandler(onRequest: { request, _ in
            switch request.method {
            case "sum": return .integer((request.params?.arrayValue ?? []).compactMap(\.integerValue).reduce(0, +))
            case "subtract": return 19
            case "get_data": return ["hello", 5]
            default: throw JSONRPCError.methodNotFound(request.method)
            }
        })
        let peer = TestPeer(handler: handler)
        peer.send(
            """
            [{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
             {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
             {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
             {"foo": "boo"},
             {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
             {"jsonrpc": "2.0", "method": "get_data", "id": "9"}]
            """
        )
        let reply = try #require(await peer.next()?.arrayValue)
        var byID: [JSONValue: JSONValue] = [:]
        for element in reply { byID[element["id"] ?? .null] = element }
        #expect(reply.count == 5)
        #expect(byID["1"]?["result"] == 7)
        #expect(byID["2"]?["result"] == 19)
        #expect(byID[.null]?["error"]?["code"] == -32600)
        #expect(byID["5"]?["error"]?["code"] == -32601)
        #expect(byID["9"]?["result"] == ["hello", 5])
        _ = await peer.finish()
    }

    @Test("invalid batches: [1,2,3] gets three errors in an array, [] gets a single error")
    func invalidBatches() async throws {
        let peer = TestPeer(handler: echoHandler())
        peer.send("[1,2,3]")
        let three = try #require(await peer.next()?.arrayValue)
        #expect(three.count == 3)
        #expect(three.allSatisfy { $0["error"]?["code"] == -32600 && $0["id"] == .null })
        peer.send("[]")
        let empty = try #require(await peer.next())
        #expect(empty["error"]?["code"] == -32600)
        #expect(empty.arrayValue == nil)
        peer.send(#"[{"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},{"jsonrpc": "2.0", "method"]"#)
        #expect(await peer.next()?["error"]?["code"] == -32700)
        _ = await peer.finish()
    }

    @Test("a batch of only notifications gets no reply at all")
    func notificationOnlyBatch() async throws {
        let peer = TestPeer(handler: echoHandler())
        peer.send("[\(self.notification("a")),\(self.notification("b"))]")
        peer.send(self.request(1, "echo"))
        // Messages are handled in order, so a reply to the batch would have come first.
        #expect(await peer.next()?["id"] == 1)
        _ = await peer.finish()
    }

    @Test("a message over the size limit is answered with -32600 and the connection goes on")
    func oversizedFrame() async throws {
        let peer = TestPeer(handler: echoHandler())
        peer.send(frame: .oversized(byteCount: 5000, limit: 1024))
        let reply = try #require(await peer.next())
        #expect(reply["error"]?["code"] == -32600)
        #expect(
            reply["error"]?["message"]?.stringValue?.contains("message of 5000 bytes exceeds the limit of 1024") == true
        )
        peer.send(self.request(2, "echo"))
        #expect(await peer.next()?["id"] == 2)
        _ = await peer.finish()
    }

    @Test("at end of input a running request still gets its reply before the connection closes")
    func drainAtEndOfInput() async throws {
        let gate = Gate()
        let handler = ClosureHandler(onRequest: { _, _ in
            await gate.wait()
            return "late"
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "slow"))
        peer.endInput()
        await gate.open()
        #expect(await peer.next()?["result"] == "late")
        _ = await peer.waitForEnd()
        #expect(await peer.outbound.isClosed)
    }

    @Test("a handler closing the connection sets the exit status and cancelled requests still get -32800")
    func closeWithExitStatus() async throws {
        let closed = Gate()
        let handler = ClosureHandler(
            onRequest: { _, _ in
                try await waitForCancellation()
                return .null
            },
            onNotification: { notification, context in
                if notification.method == "exit" { await context.close(exitStatus: 3) }
            },
            onClose: { await closed.open() }
        )
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "wait"))
        peer.send(self.notification("exit"))
        #expect(await peer.next()?["error"]?["code"] == -32800)
        #expect(await peer.waitForEnd() == 3)
        await closed.wait()
    }

    @Test("a handler that ignores cancellation is abandoned after the grace period")
    func graceDeadline() async throws {
        let never = Gate()
        let handler = ClosureHandler(
            onRequest: { _, _ in
                await never.wait()
                return .null
            },
            onNotification: { _, context in await context.close() }
        )
        let peer = TestPeer(gracePeriod: .milliseconds(50), handler: handler)
        peer.send(self.request(1, "stuck"))
        peer.send(self.notification("close"))
        #expect(await peer.waitForEnd() == nil)
        await never.open()
    }

    @Test("a server-to-client request is routed back to the awaiting handler by id")
    func serverToClientRequest() async throws {
        let handler = ClosureHandler(onRequest: { request, context in
            let answer = try await context.connection.sendRequest(method: "client/ask", params: ["q": "name?"])
            return ["client said": answer]
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "ask"))
        let outgoing = try #require(await peer.next())
        #expect(outgoing["method"] == "client/ask")
        let id = try #require(outgoing["id"])
        peer.send(#"{"jsonrpc":"2.0","id":\#(id.jsonString()),"result":"Ada"}"#)
        #expect(await peer.next() == ["jsonrpc": "2.0", "id": 1, "result": ["client said": "Ada"]])
        _ = await peer.finish()
    }

    @Test("an error reply to a server-to-client request is thrown to the handler")
    func serverToClientError() async throws {
        let handler = ClosureHandler(onRequest: { _, context in
            do {
                _ = try await context.connection.sendRequest(method: "client/ask")
                return "unexpected"
            } catch let error as JSONRPCError {
                return .integer(Int64(error.code))
            }
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "ask"))
        let id = try #require(await peer.next()?["id"])
        peer.send(#"{"jsonrpc":"2.0","id":\#(id.jsonString()),"error":{"code":-32601,"message":"no"}}"#)
        #expect(await peer.next()?["result"] == -32601)
        _ = await peer.finish()
    }

    @Test("a handler can send notifications to its peer")
    func handlerNotifies() async throws {
        let handler = ClosureHandler(onRequest: { _, context in
            try await context.send(notification: JSONRPCNotification(method: "$/progress", params: ["token": 1]))
            return "ok"
        })
        let peer = TestPeer(handler: handler)
        peer.send(self.request(1, "work"))
        #expect(await peer.next() == ["jsonrpc": "2.0", "method": "$/progress", "params": ["token": 1]])
        #expect(await peer.next()?["result"] == "ok")
        _ = await peer.finish()
    }
}
