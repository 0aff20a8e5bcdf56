import JSONRPC

/// Admits or refuses each message by the connection's session state, then routes it.
///
/// Kept apart from the routes so the LSP lifecycle rules (-32002 before `initialize`, -32600 after
/// `shutdown`, notifications dropped) hold for every method, including those later issues add.
struct SessionGate: JSONRPCHandler {
    let router: JSONRPCRouter
    let session: ServerSession

    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        try await self.router.handleRequest(request, context: context)
    }

    func handleRequestForReply(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONRPCResult
    {
        do {
            return try await self.router.handleRequestForReply(request, context: context)
        } catch {
            // `admit` opened the session as `initialize` arrived; a refused one must not leave it half open.
            if request.method == "initialize" { self.session.initializeFailed() }
            throw error
        }
    }

    /// Applies the lifecycle rules as requests arrive, in order (see ``ServerSession/admit(request:)``).
    func admit(_ request: JSONRPCRequest) -> JSONRPCError? {
        self.session.admit(request: request.method)
    }

    func connectionClosed(context: JSONRPCConnectionContext) async {
        await self.session.endSubscriptions()
        // Give the heap pages this connection freed back to the system: glibc keeps them in its per-thread
        // arenas otherwise, and a daemon that served a burst would hold them while idle.
        HeapTuning.trim()
    }

    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        guard self.session.admit(notification: notification.method) else {
            context.log("dropped \(notification.method): \(self.session.phase.description)")
            return
        }
        await self.router.handleNotification(notification, context: context)
    }
}
