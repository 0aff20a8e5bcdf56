import NIOCore

/// Where a connection writes: one complete JSON message per call; framing is the transport's job.
///
/// Implementations must keep each message whole when several tasks write at once (the NIO
/// transport does, because every write goes through the channel's event loop in order).
public protocol JSONRPCOutbound: Sendable {
    /// Writes one message; returns once it is handed to the transport (NIO: written to the socket),
    /// which is what bounds memory when the peer reads slowly.
    func write(_ message: ByteBuffer) async throws

    /// Writes one message like ``write(_:)``; `flushNow` says no other reply is on its way, so the
    /// transport should not hold this one back to send it together with others.
    func write(_ message: ByteBuffer, flushNow: Bool) async throws

    /// Closes the transport; later writes fail.
    func close() async
}

extension JSONRPCOutbound {
    /// Writes the message; a transport that never holds messages back needs nothing else.
    public func write(_ message: ByteBuffer, flushNow: Bool) async throws {
        try await self.write(message)
    }
}
