import JSONRPC

/// The MCP face of one connection: MCP's lifecycle rules, then its method table (``MCPMethods``).
///
/// Before `initialize` only `initialize` and `ping` are answered (-32600 otherwise); `initialize` is answered once.
/// `notifications/cancelled` cancels a running request, whose answer is then dropped, as MCP prescribes.
struct MCPHandler: JSONRPCHandler {
    let router: JSONRPCRouter
    let state: MCPSessionState

    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        try await self.handleRequestForReply(request, context: context).value
    }

    func handleRequestForReply(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONRPCResult
    {
        do {
            return try await self.router.handleRequestForReply(request, context: context)
        } catch {
            // `admit` opened the session as `initialize` arrived; a refused one leaves it closed.
            if request.method == "initialize" { self.state.initializeFailed() }
            throw error
        }
    }

    func admit(_ request: JSONRPCRequest) -> JSONRPCError? {
        self.state.admit(request.method)
    }

    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        if notification.method == "notifications/cancelled" {
            guard let raw = notification.params?["requestId"], let id = RequestID(raw) else {
                context.log("ignored notifications/cancelled without a valid requestId")
                return
            }
            context.cancelRequest(id, reply: false)
            return
        }
        await self.router.handleNotification(notification, context: context)
    }

    func connectionClosed(context: JSONRPCConnectionContext) async {
        self.state.close()
        HeapTuning.trim()
    }
}
