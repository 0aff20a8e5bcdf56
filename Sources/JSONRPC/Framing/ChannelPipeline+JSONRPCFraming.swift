import NIOCore

extension ChannelPipeline.SynchronousOperations {
    /// Adds JSON-RPC framing: a ``JSONRPCFramingSniffer`` for `.auto`, else the fixed decoder and encoder.
    ///
    /// Inbound the handlers emit ``JSONRPCFrame``s; outbound they take one JSON message per `ByteBuffer`.
    /// The decoders charge the bytes of messages still arriving to `budget`, shared by a server's
    /// connections, and close a connection whose message is not complete within the limit.
    public func addJSONRPCFraming(
        _ framing: JSONRPCFraming,
        limits: JSONRPCLimits,
        budget: JSONRPCBufferBudget? = nil,
        position: ChannelPipeline.SynchronousOperations.Position = .last,
        onDetect: (@Sendable (JSONRPCFraming) -> Void)? = nil
    ) throws {
        switch framing {
        case .auto:
            try self.addHandler(
                JSONRPCFramingSniffer(limits: limits, budget: budget, onDetect: onDetect), position: position)
        case .lsp:
            try self.addHandlers(
                [
                    ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: limits, budget: budget)),
                    JSONRPCLSPFrameEncoder(),
                ],
                position: position
            )
        case .newline:
            try self.addHandlers(
                [
                    ByteToMessageHandler(JSONRPCLineFrameDecoder(limits: limits, budget: budget)),
                    JSONRPCLineFrameEncoder(),
                ],
                position: position
            )
        }
    }
}
