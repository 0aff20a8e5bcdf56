import NIOCore

/// Writes a connection's messages into a NIO channel, whose pipeline adds the framing.
struct NIOChannelOutbound: JSONRPCOutbound {
    let channel: any Channel

    func write(_ message: ByteBuffer) async throws {
        // The future completes once the bytes reached the socket, so a slow reader holds the
        // writer here instead of letting replies pile up in memory.
        try await self.channel.writeAndFlush(message).get()
    }

    func close() async {
        // Closing twice (peer gone, or a second close) is not an error worth reporting.
        try? await self.channel.close().get()
    }
}
