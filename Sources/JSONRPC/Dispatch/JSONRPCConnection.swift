import Logging
import NIOCore
import Synchronization

/// One peer's JSON-RPC session: reads frames, dispatches them to a handler, writes the replies.
///
/// Transport-agnostic: it consumes any async sequence of ``JSONRPCFrame``s and writes through a
/// ``JSONRPCOutbound``; the stdio and socket servers feed it from NIO, tests from an `AsyncStream`.
///
/// - Requests run concurrently, at most ``JSONRPCLimits/maxConcurrentRequests`` at once; at the
///   limit, reading pauses (back-pressure) until one finishes. Replies go out as they complete.
/// - Notifications run in arrival order, one at a time, and hold back later messages until done.
/// - `$/cancelRequest {"id": X}` is handled here: the request's task is cancelled and, unless its
///   handler still returns a result, it is answered with -32800. Every request gets one reply.
/// - Batches: each element is handled on its own; the array of replies is sent when all are done,
///   and not at all if every element was a notification.
/// - At end of input, running requests finish and are answered before the transport closes; a
///   close (by a handler, the server, or the transport) cancels them and waits at most
///   ``JSONRPCConfiguration/closeGracePeriod``.
public final class JSONRPCConnection: Sendable {
    /// The context handed to this connection's handler.
    public let context: JSONRPCConnectionContext
    private let handler: any JSONRPCHandler
    private let decoder: JSONRPCMessageDecoder
    private let closeRequests: AsyncStream<Void>
    private let taskExecutor: (any TaskExecutor)?

    /// Creates a connection; `makeHandler` is called once, here, with the connection's context.
    /// Its tasks (the read loop, each request, the handler's actors) prefer `taskExecutor` when given.
    public init(
        configuration: JSONRPCConfiguration,
        outbound: any JSONRPCOutbound,
        label: String = "connection",
        taskExecutor: (any TaskExecutor)? = nil,
        makeHandler: JSONRPCHandlerFactory
    ) {
        let (closeRequests, closeSignal) = AsyncStream.makeStream(of: Void.self)
        let state = ConnectionState(
            maxConcurrentRequests: configuration.limits.maxConcurrentRequests,
            gracePeriod: configuration.closeGracePeriod,
            taskExecutor: taskExecutor,
            closeSignal: closeSignal
        )
        self.context = JSONRPCConnectionContext(
            label: label,
            state: state,
            outbound: outbound,
            logger: Self.logger(configuration.logger, label: label)
        )
        self.handler = makeHandler(self.context)
        self.decoder = JSONRPCMessageDecoder(limits: configuration.limits)
        self.closeRequests = closeRequests
        self.taskExecutor = taskExecutor
    }

    /// The server's logger with the connection's label as `connection` metadata.
    private static func logger(_ logger: Logger, label: String) -> Logger {
        var logger = logger
        logger[metadataKey: "connection"] = .string(label)
        return logger
    }

    /// Serves the connection until the input ends or it is closed; returns the exit status a
    /// handler set with ``JSONRPCConnectionContext/close(exitStatus:)``, if any.
    public func run<Frames: AsyncSequence & Sendable>(frames: Frames) async -> Int32?
    where Frames.Element == JSONRPCFrame {
        JSONRPCMetrics.connectionOpened()
        defer { JSONRPCMetrics.connectionClosed() }
        return await withTaskExecutorPreference(self.taskExecutor) {
            await self.serve(frames)
        }
    }

    private func serve<Frames: AsyncSequence & Sendable>(_ frames: Frames) async -> Int32?
    where Frames.Element == JSONRPCFrame {
        let end = await withTaskGroup(of: EndReason?.self) { group in
            group.addTask { await self.readLoop(frames) }
            group.addTask {
                for await _ in self.closeRequests { return .closeRequested }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .closeRequested
        }
        await self.finish(after: end)
        return self.context.state.exitStatus
    }

    /// Closes the connection from outside (e.g. server shutdown): see ``JSONRPCConnectionContext/close(exitStatus:)``.
    public func close() async {
        self.context.state.requestClose(exitStatus: nil)
    }

    // MARK: Reading

    private enum EndReason: Sendable {
        case endOfInput
        case closeRequested
        case framingError(JSONRPCFramingError)
        case transportError(String)
    }

    private func readLoop<Frames: AsyncSequence>(_ frames: Frames) async -> EndReason
    where Frames.Element == JSONRPCFrame {
        do {
            for try await frame in frames {
                if self.context.state.closing.load(ordering: .relaxed) { return .closeRequested }
                switch frame {
                case .message(let bytes):
                    await self.dispatch(self.decoder.decode(bytes))
                case .oversized(let byteCount, let limit):
                    let error = JSONRPCError.invalidRequest(
                        "message of \(byteCount) bytes exceeds the limit of \(limit) bytes")
                    self.context.log("refused a message of \(byteCount) bytes (limit \(limit))")
                    await self.reply(.response(JSONRPCResponse(id: .null, error: error)))
                case .overBudget(let byteCount, let budget):
                    let error = JSONRPCError.invalidRequest(
                        "message of \(byteCount) bytes refused: the server's buffer for messages still arriving "
                            + "(\(budget) bytes, shared by all connections) is full; send it again later")
                    self.context.log(
                        "refused a message of \(byteCount) bytes: the buffer budget of \(budget) bytes is in use",
                        level: .warning)
                    await self.reply(.response(JSONRPCResponse(id: .null, error: error)))
                }
            }
            return Task.isCancelled ? .closeRequested : .endOfInput
        } catch let error as JSONRPCFramingError {
            return .framingError(error)
        } catch {
            return Task.isCancelled ? .closeRequested : .transportError(String(describing: error))
        }
    }

    private func dispatch(_ frame: JSONRPCDecodedFrame) async {
        switch frame {
        case .single(.request(let request)):
            await self.start(request, batch: nil)
        case .single(.invalid(let error, let id)):
            await self.reply(.response(JSONRPCResponse(id: id, error: error)))
        case .single(let incoming):
            await self.handleNonRequest(incoming)
        case .batch(let elements):
            await self.dispatchBatch(elements)
        }
    }

    private func dispatchBatch(_ elements: [JSONRPCIncoming]) async {
        var immediate: [JSONRPCResponse] = []
        var requestCount = 0
        for element in elements {
            switch element {
            case .request: requestCount += 1
            case .invalid(let error, let id): immediate.append(JSONRPCResponse(id: id, error: error))
            default: break
            }
        }
        let collector = requestCount > 0 ? BatchReply(expected: requestCount, initial: immediate) : nil
        for element in elements {
            if case .request(let request) = element {
                await self.start(request, batch: collector)
            } else {
                await self.handleNonRequest(element)
            }
        }
        if collector == nil, !immediate.isEmpty {
            await self.reply(batch: immediate)
        }
    }

    private func handleNonRequest(_ incoming: JSONRPCIncoming) async {
        switch incoming {
        case .notification(let notification):
            await self.handle(notification)
        case .response(let response):
            if !self.context.state.deliver(response) {
                self.context.log("ignored a response to unknown request \(response.id)")
            }
        case .malformedResponse(let reason):
            self.context.log("ignored a malformed response: \(reason)")
        case .request, .invalid:
            // Requests are started, and invalid elements answered, by the callers.
            break
        }
    }

    private func handle(_ notification: JSONRPCNotification) async {
        if notification.method == "$/cancelRequest" {
            guard let rawID = notification.params?["id"], let id = RequestID(rawID) else {
                self.context.log("ignored $/cancelRequest without a valid id")
                return
            }
            self.context.state.cancel(id: id)
            return
        }
        await self.handler.handleNotification(notification, context: self.context)
    }

    // MARK: Requests

    private func start(_ request: JSONRPCRequest, batch: BatchReply?) async {
        if request.method == "$/cancelRequest" {
            let error = JSONRPCError.invalidRequest("$/cancelRequest is a notification: send it without an id")
            await self.deliver(JSONRPCResponse(id: request.id, error: error), batch: batch)
            return
        }
        if let refusal = self.handler.admit(request) {
            await self.deliver(JSONRPCResponse(id: request.id, error: refusal), batch: batch)
            return
        }
        let started = await self.context.state.startRequest(id: request.id) {
            let response = await self.execute(request)
            await self.deliver(response, batch: batch)
        }
        if !started {
            await self.deliver(JSONRPCResponse(id: request.id, error: .requestCancelled()), batch: batch)
        }
    }

    private func execute(_ request: JSONRPCRequest) async -> JSONRPCResponse {
        let started = ContinuousClock.now
        let response = await self.answer(request)
        let took = ContinuousClock.now - started
        JSONRPCMetrics.answered(method: request.method, errorCode: response.error?.code, duration: took)
        self.logAnswer(request, response, took: took)
        return response
    }

    private func answer(_ request: JSONRPCRequest) async -> JSONRPCResponse {
        let requestContext = JSONRPCRequestContext(id: request.id, method: request.method, connection: self.context)
        do {
            let result = try await self.handler.handleRequestForReply(request, context: requestContext)
            return JSONRPCResponse(id: request.id, result: result)
        } catch let error as JSONRPCError {
            return JSONRPCResponse(id: request.id, error: error)
        } catch {
            if Task.isCancelled || error is CancellationError {
                return JSONRPCResponse(id: request.id, error: .requestCancelled())
            }
            return JSONRPCResponse(id: request.id, error: .internalError(String(describing: error)))
        }
    }

    /// One `debug` line per answered request, with the connection, request id, method, outcome and duration.
    private func logAnswer(_ request: JSONRPCRequest, _ response: JSONRPCResponse, took duration: Duration) {
        let logger = self.context.logger
        guard logger.logLevel <= .debug else { return }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        // Always a string (one type per field for collectors): a string id as itself, a number as its text.
        let id: String = if case .string(let text) = request.id.value { text } else { request.id.description }
        var metadata: Logger.Metadata = [
            "request_id": .string(id), "method": .string(request.method),
            "outcome": .string(response.error == nil ? "ok" : "error"),
            "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
        ]
        if let error = response.error { metadata["error_code"] = .stringConvertible(error.code) }
        logger.debug("\(request.method) answered", metadata: metadata)
    }

    private func deliver(_ response: JSONRPCResponse, batch: BatchReply?) async {
        // A batch owes a reply per request; a single request cancelled silently owes none.
        if self.context.state.takeSilenced(response.id), batch == nil { return }
        guard let batch else {
            // The only request running (this one): nothing to send together with its reply.
            await self.reply(.response(response), flushNow: self.context.state.inFlightCount <= 1)
            return
        }
        if let complete = await batch.add(response) {
            await self.reply(batch: complete)
        }
    }

    // MARK: Writing and closing

    private func reply(_ message: JSONRPCMessage, flushNow: Bool = false) async {
        do {
            try await self.context.write(message, flushNow: flushNow)
        } catch {
            self.context.log("could not send a reply: \(error)", level: .warning)
        }
    }

    private func reply(batch responses: [JSONRPCResponse]) async {
        do {
            try await self.context.outbound.write(JSONRPCMessage.batchBuffer(responses.map(JSONRPCMessage.response)))
        } catch {
            self.context.log("could not send a batch reply: \(error)", level: .warning)
        }
    }

    private func finish(after end: EndReason) async {
        let state = self.context.state
        switch end {
        case .endOfInput:
            break
        case .closeRequested:
            state.requestClose(exitStatus: nil)
        case .framingError(let error):
            self.context.log("closing after a framing error: \(error.message)", level: .warning)
            let detail = "\(error.message); closing the connection"
            await self.reply(.response(JSONRPCResponse(id: .null, error: .parseError(detail))))
            state.requestClose(exitStatus: nil)
        case .transportError(let description):
            self.context.log("transport error: \(description)", level: .error)
            state.requestClose(exitStatus: nil)
        }
        await state.waitUntilIdle()
        let abandoned = state.abandonedCount
        if abandoned > 0 {
            self.context.log("abandoned \(abandoned) request(s) that ignored cancellation")
        }
        state.failAllOutgoing()
        await self.handler.connectionClosed(context: self.context)
        await self.context.outbound.close()
    }
}

/// Collects the replies of one batch; the last request to finish sends them all.
private actor BatchReply {
    private var responses: [JSONRPCResponse]
    private var remaining: Int

    init(expected: Int, initial: [JSONRPCResponse]) {
        self.responses = initial
        self.remaining = expected
    }

    /// Adds one reply; returns the full list when it was the last one due.
    func add(_ response: JSONRPCResponse) -> [JSONRPCResponse]? {
        self.responses.append(response)
        self.remaining -= 1
        return self.remaining == 0 ? self.responses : nil
    }
}
