import NIOCore

/// Sets up JSON-RPC on a NIO channel and runs a connection over it; shared by both servers.
enum JSONRPCChannel {
    /// Inbound frames a connection may have queued before reading pauses. Low because a frame can
    /// be as large as the message limit; the frame decoders hold at most one more.
    static let backPressure = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(
        lowWatermark: 2,
        highWatermark: 4
    )

    /// Adds framing and wraps the channel; must run on the channel's event loop.
    static func wrap(
        _ channel: any Channel,
        configuration: JSONRPCConfiguration
    ) throws -> NIOAsyncChannel<JSONRPCFrame, Never> {
        try channel.pipeline.syncOperations.addJSONRPCFraming(configuration.framing, limits: configuration.limits)
        return try NIOAsyncChannel(
            wrappingChannelSynchronously: channel,
            configuration: NIOAsyncChannel.Configuration(
                backPressureStrategy: Self.backPressure,
                inboundType: JSONRPCFrame.self,
                outboundType: Never.self
            )
        )
    }

    /// Creates the connection for a wrapped channel (not yet running).
    static func makeConnection(
        for channel: NIOAsyncChannel<JSONRPCFrame, Never>,
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

    /// Runs `connection` over `channel` until it ends; returns the handler's exit status, if set.
    static func run(
        _ connection: JSONRPCConnection,
        over channel: NIOAsyncChannel<JSONRPCFrame, Never>,
        logger: JSONRPCLogger
    ) async -> Int32? {
        do {
            return try await channel.executeThenClose { inbound in
                await connection.run(frames: inbound)
            }
        } catch {
            logger.log("[\(connection.context.label)] closed with error: \(error)")
            return nil
        }
    }
}
