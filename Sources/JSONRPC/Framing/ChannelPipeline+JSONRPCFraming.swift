import NIOCore

extension ChannelPipeline.SynchronousOperations {
    /// Adds JSON-RPC framing: a ``JSONRPCFramingSniffer`` for `.auto`, else the fixed decoder and encoder.
    ///
    /// Inbound the handlers emit ``JSONRPCFrame``s; outbound they take one JSON message per `ByteBuffer`.
    public func addJSONRPCFraming(
        _ framing: JSONRPCFraming,
        limits: JSONRPCLimits,
        position: ChannelPipeline.SynchronousOperations.Position = .last,
        onDetect: (@Sendable (JSONRPCFraming) -> Void)? = nil
    ) throws {
        switch framing {
        case .auto:
            try self.addHandler(JSONRPCFramingSniffer(limits: limits, onDetect: onDetect), position: position)
        case .lsp:
            try self.addHandlers(
                [ByteToMessageHandler(JSONRPCLSPFrameDecoder(limits: limits)), JSONRPCLSPFrameEncoder()],
                position: position
            )
        case .newline:
            try self.addHandlers(
                [
                    ByteToMessageHandler(JSONRPCLineFrameDecoder(maxLineLength: limits.maxMessageSize)),
                    JSONRPCLineFrameEncoder(),
                ],
                position: position
            )
        }
    }
}
