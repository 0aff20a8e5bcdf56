import NIOCore

/// Frames outgoing messages as lines: the body, then `\n`.
///
/// Bodies from ``JSONValue`` / ``JSONRPCMessage`` never contain a raw newline (strings escape it),
/// so each message is exactly one line. The body is passed through, not copied.
public final class JSONRPCLineFrameEncoder: ChannelOutboundHandler {
    /// One JSON message.
    public typealias OutboundIn = ByteBuffer
    /// Bytes for the wire.
    public typealias OutboundOut = ByteBuffer

    private static let newline = ByteBuffer(integer: UInt8(ascii: "\n"))

    /// Creates an encoder.
    public init() {}

    /// Writes the body and a newline; `promise` completes when both are written.
    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: nil)
        context.write(Self.wrapOutboundOut(Self.newline), promise: promise)
    }
}
