import JSONRPC

/// A handler built from closures, so each test states its behaviour inline.
struct ClosureHandler: JSONRPCHandler {
    var onRequest: @Sendable (JSONRPCRequest, JSONRPCRequestContext) async throws -> JSONValue = { request, _ in
        throw JSONRPCError.methodNotFound(request.method)
    }
    var onNotification: @Sendable (JSONRPCNotification, JSONRPCConnectionContext) async -> Void = { _, _ in }
    var onClose: @Sendable () async -> Void = {}
    var onAdmit: @Sendable (JSONRPCRequest) -> JSONRPCError? = { _ in nil }

    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        try await self.onRequest(request, context)
    }

    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        await self.onNotification(notification, context)
    }

    func admit(_ request: JSONRPCRequest) -> JSONRPCError? {
        self.onAdmit(request)
    }

    func connectionClosed(context: JSONRPCConnectionContext) async {
        await self.onClose()
    }
}

/// A one-shot signal: `wait()` returns once `open()` has been called (before or after).
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        self.isOpen = true
        for waiter in self.waiters { waiter.resume() }
        self.waiters.removeAll()
    }

    func wait() async {
        if self.isOpen { return }
        await withCheckedContinuation { self.waiters.append($0) }
    }
}

/// Blocks until the calling task is cancelled, then throws `CancellationError`.
func waitForCancellation() async throws {
    let (never, continuation) = AsyncStream.makeStream(of: Void.self)
    // Referenced in the defer so the stream stays open until cancellation ends the iteration.
    defer { continuation.finish() }
    for await _ in never {}
    try Task.checkCancellation()
}

/// An ordered record of events from concurrent tasks.
actor EventLog {
    private(set) var events: [String] = []
    private var running = 0
    private(set) var maxRunning = 0

    func record(_ event: String) { self.events.append(event) }

    func enter() {
        self.running += 1
        self.maxRunning = max(self.maxRunning, self.running)
    }

    func leave() { self.running -= 1 }
}

/// An echo handler: `echo` returns its params, `fail` throws a plain Swift error.
func echoHandler() -> ClosureHandler {
    ClosureHandler(onRequest: { request, _ in
        switch request.method {
        case "echo": return request.params ?? .null
        case "fail": throw PlainError()
        default: throw JSONRPCError.methodNotFound(request.method)
        }
    })
}

struct PlainError: Error, CustomStringConvertible {
    var description: String { "the disk is full" }
}
