import NIOCore

/// Frames outgoing messages for LSP: `Content-Length: N\r\n\r\n` then the body.
///
/// The header goes out as its own small buffer so a large body is never copied on the event loop.
public final class JSONRPCLSPFrameEncoder: ChannelOutboundHandler {
    /// One JSON message.
    public typealias OutboundIn = ByteBuffer
    /// Bytes for the wire.
    public typealias OutboundOut = ByteBuffer

    /// Creates an encoder.
    public init() {}

    /// Writes the header and the body; `promise` completes when both are written.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let body = Self.unwrapOutboundIn(data)
        var header = context.channel.allocator.buffer(capacity: 32)
        header.writeString("Content-Length: \(body.readableBytes)\r\n\r\n")
        context.write(Self.wrapOutboundOut(header), promise: nil)
        context.write(data, promise: promise)
    }
}
