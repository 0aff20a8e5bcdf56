import NIOCore

/// What the frame decoders hand up the pipeline.
public enum JSONRPCFrame: Sendable, Hashable {
    /// The bytes of one complete message (without framing).
    case message(ByteBuffer)
    /// A message that broke ``JSONRPCLimits/maxMessageSize``; its bytes were skipped, not buffered,
    /// and the connection can go on. `byteCount` is its size (at least that, if the peer hung up).
    case oversized(byteCount: Int, limit: Int)
    /// A message refused because the server's ``JSONRPCBufferBudget`` could not hold it while it arrived;
    /// its bytes were skipped and the connection can go on. `byteCount` is its size (announced, or read).
    case overBudget(byteCount: Int, budget: Int)
}
