import NIOCore

/// A channel set up for JSON-RPC: framing in its pipeline, decoded frames in `frames`.
struct JSONRPCInboundChannel: Sendable {
    let channel: any Channel
    let frames: JSONRPCFrameInbox
}

/// Sets up JSON-RPC on a NIO channel and runs a connection over it; shared by both servers.
enum JSONRPCChannel {
    /// Inbound frames a connection may have queued before reading pauses. Low because a frame can
    /// be as large as the message limit; the frame decoders hold at most one more.
    static let lowWatermark = 2
    static let highWatermark = 4

    /// Adds framing and the frame inbox; must run on the channel's event loop.
    static func wrap(
        _ channel: any Channel,
        configuration: JSONRPCConfiguration,
        budget: JSONRPCBufferBudget? = nil
    ) throws -> JSONRPCInboundChannel {
        let operations = channel.pipeline.syncOperations
        try operations.addJSONRPCFraming(configuration.framing, limits: configuration.limits, budget: budget)
        let frames = JSONRPCFrameInbox(lowWatermark: Self.lowWatermark, highWatermark: Self.highWatermark)
        try operations.addHandler(JSONRPCFrameInboxHandler(inbox: frames))
        return JSONRPCInboundChannel(channel: channel, frames: frames)
    }

    /// Creates the connection for a wrapped channel (not yet running).
    static func makeConnection(
        for channel: JSONRPCInboundChannel,
        configuration: JSONRPCConfiguration,
        label: String,
        handlerFactory: JSONRPCHandlerFactory
    ) -> JSONRPCConnection {
        let connection = JSONRPCConnection(
            configuration: configuration,
            outbound: NIOChannelOutbound(channel: channel.channel),
            label: label,
            taskExecutor: EventLoopTaskExecutor(channel.channel.eventLoop),
            makeHandler: handlerFactory
        )
        // A transport that dies (reset, failed write) must cancel the requests it can no longer answer.
        channel.channel.closeFuture.whenComplete { _ in
            Task { await connection.close() }
        }
        return connection
    }

    /// Runs `connection` over `channel` until it ends, then closes the channel; returns the
    /// handler's exit status, if set.
    static func run(
        _ connection: JSONRPCConnection,
        over channel: JSONRPCInboundChannel
    ) async -> Int32? {
        let status = await connection.run(frames: channel.frames)
        do {
            try await channel.channel.close()
        } catch ChannelError.alreadyClosed {
            // The connection closed it already (the usual case).
        } catch {
            connection.context.log("closed with error: \(error)", level: .warning)
        }
        return status
    }
}
