import JSONRPC

extension JSONRPCRouter {
    /// Answers `method` with `params` as if the peer of `context` had sent it: the MCP face calls the scripting
    /// methods' handlers this way, so a tool and its JSON-RPC method share one implementation.
    func answer(_ method: String, params: JSONValue, context: JSONRPCRequestContext) async throws -> JSONValue {
        let request = JSONRPCRequest(id: context.id, method: method, params: params)
        let inner = JSONRPCRequestContext(id: context.id, method: method, connection: context.connection)
        return try await self.handleRequestForReply(request, context: inner).value
    }
}
