import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves many JSON-RPC peers on a Unix-domain socket, each connection isolated from the others.
///
/// The socket lives in a 0700 directory (created if missing; refused if group/world accessible or
/// owned by someone else), is created 0600, and only peers with this process's uid are served:
/// others are logged and disconnected without a byte. Use ``bind(path:configuration:eventLoopGroup:handlerFactory:)``
/// to create it (it listens from then on), then ``run()`` to serve. A `Service`: in a `ServiceGroup`, graceful
/// shutdown (SIGTERM, SIGINT) stops accepting, closes the connections and removes the socket.
public final class JSONRPCSocketServer: Service, Sendable {
    /// The socket's path.
    public let path: String
    let configuration: JSONRPCConfiguration
    private let handlerFactory: JSONRPCHandlerFactory
    private let serverChannel: NIOAsyncChannel<AcceptedPeer, Never>
    private let socketIdentity: SocketIdentity?
    private let registry = ConnectionRegistry()

    private struct SocketIdentity: Sendable {
        let device: UInt64
        let inode: UInt64
    }

    /// What the accept path hands to the serving loop.
    private enum AcceptedPeer: Sendable {
        case accepted(JSONRPCInboundChannel)
        /// Already closed and logged.
        case refused
    }

    private init(
        path: String,
        configuration: JSONRPCConfiguration,
        handlerFactory: @escaping JSONRPCHandlerFactory,
        serverChannel: NIOAsyncChannel<AcceptedPeer, Never>,
        socketIdentity: SocketIdentity?
    ) {
        self.path = path
        self.configuration = configuration
        self.handlerFactory = handlerFactory
        self.serverChannel = serverChannel
        self.socketIdentity = socketIdentity
    }

    /// Prepares the directory, replaces a stale socket, binds and starts listening.
    ///
    /// Throws ``JSONRPCServerError`` when the path is too long, the directory unsafe, something
    /// other than a socket sits at the path, or another server answers on it.
    public static func bind(
        path: String,
        configuration: JSONRPCConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        handlerFactory: @escaping JSONRPCHandlerFactory
    ) async throws -> JSONRPCSocketServer {
        let socketPath = UnixSocketPath(path: path)
        try socketPath.prepare()
        let expectedUID = geteuid()
        let logger = configuration.logger
        let budget = JSONRPCBufferBudget(limit: configuration.limits.maxBufferedBytes)
        // The umask is process-wide: for the instant of bind, files other threads create get 0600
        // at most, which errs on the safe side; the chmod below makes the socket's mode exact.
        RestrictiveUmask.acquire()
        let serverChannel: NIOAsyncChannel<AcceptedPeer, Never>
        do {
            defer { RestrictiveUmask.release() }
            serverChannel = try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.backlog, value: ListenBacklog.systemMaximum())
                // Scripts that half-close after sending (`nc -N`, socat) still get their replies.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                    Self.accept(
                        channel, path: path, expectedUID: expectedUID, configuration: configuration, budget: budget)
                }
        } catch {
            throw JSONRPCServerError(.socketSetupFailed, "cannot listen on \(path): \(error)")
        }
        guard chmod(path, 0o600) == 0 else {
            try? await serverChannel.channel.close().get()
            throw JSONRPCServerError(.socketSetupFailed, "cannot set mode 0600 on \(path)")
        }
        logger.notice("listening on \(path)")
        let identity = socketPath.identity().map { SocketIdentity(device: $0.device, inode: $0.inode) }
        return JSONRPCSocketServer(
            path: path,
            configuration: configuration,
            handlerFactory: handlerFactory,
            serverChannel: serverChannel,
            socketIdentity: identity
        )
    }

    /// Checks the peer's uid before any handler is installed; a refused peer is logged, then closed
    /// (logging first means the log line exists by the time the peer sees the connection end).
    private static func accept(
        _ channel: any Channel,
        path: String,
        expectedUID: uid_t,
        configuration: JSONRPCConfiguration,
        budget: JSONRPCBufferBudget
    ) -> EventLoopFuture<AcceptedPeer> {
        let logger = configuration.logger
        return PeerCredentials.read(from: channel).flatMapThrowing { credentials -> AcceptedPeer in
            guard credentials.uid == expectedUID else {
                logger.warning(
                    """
                    refused a connection on \(path) from uid \(credentials.uid) (pid \(credentials.pid)): \
                    only uid \(expectedUID) may connect
                    """)
                channel.close(promise: nil)
                return .refused
            }
            return .accepted(try JSONRPCChannel.wrap(channel, configuration: configuration, budget: budget))
        }.flatMapErrorThrowing { error -> AcceptedPeer in
            // Unknown peer, unknown risk: refuse rather than serve.
            logger.warning("refused a connection on \(path): cannot verify the peer (\(error))")
            channel.close(promise: nil)
            return .refused
        }
    }

    /// Serves connections until ``shutdown()``, graceful shutdown of its service group, or cancellation of the
    /// calling task; then closes every connection and removes the socket file.
    public func run() async throws {
        guard await self.registry.startRunning() else { return }
        await withGracefulShutdownHandler {
            await self.serve()
        } onGracefulShutdown: {
            Task { await self.beginShutdown() }
        }
        self.removeSocketFile()
        await self.registry.markFinished()
        self.configuration.logger.notice("stopped listening on \(self.path)")
    }

    private func serve() async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await self.serverChannel.executeThenClose { inbound in
                        for try await peer in inbound {
                            await self.handle(peer, in: &group)
                        }
                    }
                } catch {
                    self.configuration.logger.error("stopped accepting on \(self.path): \(error)")
                }
                // No more accepts: close what is still open; the group then waits for each to end.
                await self.registry.closeAll()
            }
        } onCancel: {
            Task { await self.beginShutdown() }
        }
    }

    private func handle(_ peer: AcceptedPeer, in group: inout DiscardingTaskGroup) async {
        switch peer {
        case .refused:
            break
        case .accepted(let channel):
            let id = await self.registry.makeID()
            let connection = JSONRPCChannel.makeConnection(
                for: channel,
                configuration: self.configuration,
                label: "socket#\(id)",
                handlerFactory: self.handlerFactory
            )
            group.addTask {
                if !(await self.registry.add(connection, id: id)) {
                    await connection.close()
                }
                _ = await JSONRPCChannel.run(connection, over: channel)
                await self.registry.remove(id: id)
            }
        }
    }

    /// Stops accepting, closes every connection (running requests are cancelled and answered with
    /// -32800 within the grace period), removes the socket file, and returns once all is done.
    public func shutdown() async {
        let (_, running) = await self.beginShutdown()
        if running {
            await self.registry.waitUntilFinished()
        } else {
            self.removeSocketFile()
        }
    }

    @discardableResult
    private func beginShutdown() async -> (firstCall: Bool, running: Bool) {
        let state = await self.registry.beginShutdown()
        if state.firstCall {
            try? await self.serverChannel.channel.close().get()
        }
        return state
    }

    private func removeSocketFile() {
        let expected = self.socketIdentity.map { (device: $0.device, inode: $0.inode) }
        UnixSocketPath(path: self.path).remove(ifIdentity: expected)
    }
}
