extension JSONRPCConnectionContext {
    /// Sends a typed notification (e.g. `textDocument/publishDiagnostics`) to the peer.
    public func send<N: JSONRPCNotificationMethod>(_ notification: N.Type, params: N.Params) async throws
    where N.Params: Encodable {
        try await self.sendNotification(method: N.name, params: JSONValue(encoding: params))
    }

    /// Sends a request with encodable params to the peer and decodes its result as `R`.
    public func sendRequest<R: Decodable>(
        method: String,
        params: some Encodable,
        resultType: R.Type = R.self
    ) async throws -> R {
        let result = try await self.sendRequest(method: method, params: JSONValue(encoding: params))
        return try result.decode(R.self)
    }
}
