import JSONRPC

/// Admits or refuses each message by the connection's session state, then routes it.
///
/// Kept apart from the routes so the LSP lifecycle rules (-32002 before `initialize`, -32600 after
/// `shutdown`, notifications dropped) hold for every method, including those later issues add.
struct SessionGate: JSONRPCHandler {
    let router: JSONRPCRouter
    let session: ServerSession

    func handleRequest(_ request: JSONRPCRequest, context: JSONRPCRequestContext) async throws -> JSONValue {
        if let refusal = await self.session.admit(request: request.method) {
            throw refusal
        }
        return try await self.router.handleRequest(request, context: context)
    }

    func connectionClosed(context: JSONRPCConnectionContext) async {
        await self.session.endSubscriptions()
    }

    func handleNotification(_ notification: JSONRPCNotification, context: JSONRPCConnectionContext) async {
        guard await self.session.admit(notification: notification.method) else {
            context.log("dropped \(notification.method): \(await self.session.phase.description)")
            return
        }
        await self.router.handleNotification(notification, context: context)
    }
}
