import Dispatch
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Serves one JSON-RPC (or LSP) peer over a pair of file descriptors, by default stdin and stdout.
///
/// Protocol bytes go to the output descriptor only; diagnostics go to the logger (stderr).
/// Nothing else in the process may write to stdout while this runs. Pipes, sockets and terminals
/// are served directly; a regular file on either side is bridged through a pipe.
public struct JSONRPCStdioServer: Sendable {
    private let input: Int32
    private let output: Int32
    private let configuration: JSONRPCConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let handlerFactory: JSONRPCHandlerFactory

    /// Creates a server; it takes ownership of both descriptors (they are closed when it ends).
    public init(
        inputDescriptor: Int32 = 0,
        outputDescriptor: Int32 = 1,
        configuration: JSONRPCConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        handlerFactory: @escaping JSONRPCHandlerFactory
    ) {
        self.input = inputDescriptor
        self.output = outputDescriptor
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.handlerFactory = handlerFactory
    }

    /// Serves until the peer closes the input (running requests are answered first) or a handler
    /// closes the connection; returns the exit status the handler set, or 0.
    public func run() async throws -> Int32 {
        let configuration = self.configuration
        let input =
            RegularFileBridge.needsBridge(self.input) ? try RegularFileBridge.reading(from: self.input) : self.input
        var outputDrained: DispatchSemaphore?
        var output = self.output
        if RegularFileBridge.needsBridge(output) {
            (output, outputDrained) = try RegularFileBridge.writing(to: output)
        }
        let channel = try await NIOPipeBootstrap(group: self.eventLoopGroup)
            // Input EOF must not close the output: replies to requests still running must get out.
            .channelOption(.allowRemoteHalfClosure, value: true)
            .takingOwnershipOfDescriptors(input: input, output: output) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try JSONRPCChannel.wrap(
                        channel, configuration: configuration,
                        budget: JSONRPCBufferBudget(limit: configuration.limits.maxBufferedBytes))
                }
            }
        let connection = JSONRPCChannel.makeConnection(
            for: channel,
            configuration: configuration,
            label: "stdio",
            handlerFactory: self.handlerFactory
        )
        // Graceful shutdown of its service group closes the connection: requests still running are answered first.
        let status = await withGracefulShutdownHandler {
            await JSONRPCChannel.run(connection, over: channel) ?? 0
        } onGracefulShutdown: {
            Task { await connection.close() }
        }
        if let outputDrained {
            // The channel has closed the pipe's write end; wait for the copier to reach the file.
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    outputDrained.wait()
                    continuation.resume()
                }
            }
        }
        return status
    }
}

/// A stdio server as a `Service`: it ends when its peer closes the input (or the group shuts down), keeping the
/// exit status the session chose (LSP `exit` after `shutdown` is 0, otherwise 1).
public final class JSONRPCStdioService: Service, Sendable {
    private let server: JSONRPCStdioServer
    private let status = Atomic<Int32>(0)

    public init(_ server: JSONRPCStdioServer) {
        self.server = server
    }

    /// The exit status the session set, once ``run()`` has returned.
    public var exitStatus: Int32 { status.load(ordering: .acquiring) }

    public func run() async throws {
        status.store(try await server.run(), ordering: .releasing)
    }
}
