import ArgumentParser
import CoreMetrics
import Engine
import JSONRPC
import Logging
import Server
import ServiceLifecycle

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator serve`: the JSON-RPC server (and language server) over stdio or a Unix socket.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve JSON-RPC 2.0 (and LSP, and MCP) on stdio or a Unix socket.",
        discussion: """
            --stdio serves one peer on stdin/stdout (an editor, or a tool embedding orchestrator); \
            logs go to stderr. --socket PATH serves many peers of this user on a Unix socket \
            (default \(Serve.defaultSocket)), until SIGINT or SIGTERM. On either signal the server stops \
            accepting, stops its runs at their next safe point (recorded interrupted; 'run resume' continues \
            them), answers pending requests, removes the socket and exits 0, within \
            \(Int(Serve.gracefulShutdownLimit.components.seconds)) seconds.
            The framing is sniffed per connection: Content-Length headers (LSP) or one JSON \
            message per line. --mcp serves the Model Context Protocol on stdin/stdout (newline-delimited), \
            working in --workspace only (see docs/mcp.md); on the socket, a connection whose first message \
            is MCP's initialize is an MCP session in the same workspace. See protocol/README.md.
            """
    )

    /// Where `serve` listens when no transport is named, relative to the working directory.
    static let defaultSocket = ".orchestrator/orchestrator.sock"

    /// How long runs have, after SIGTERM or SIGINT, to reach their next safe point before they are cancelled
    /// outright (they are then recorded interrupted all the same).
    static let gracefulShutdownLimit: Duration = .seconds(10)

    /// `--framing` values.
    enum Framing: String, ExpressibleByArgument, CaseIterable {
        case auto, lsp, newline

        var jsonrpc: JSONRPCFraming {
            switch self {
            case .auto: .auto
            case .lsp: .lsp
            case .newline: .newline
            }
        }
    }

    @Flag(help: "Serve one peer on stdin and stdout.")
    var stdio = false

    @Option(help: ArgumentHelp("Serve on a Unix-domain socket at this path.", valueName: "path"))
    var socket: String?

    @Flag(help: "Serve the Model Context Protocol on stdin and stdout (for Claude Code and other MCP clients).")
    var mcp = false

    @Option(
        help: ArgumentHelp(
            "The workspace folder requests work in when they name none; MCP sessions work in it only "
                + "(default: the current directory).", valueName: "dir"))
    var workspace: String?

    @Option(help: "Message framing: auto (sniffed per connection), lsp or newline.")
    var framing: Framing = .auto

    @Option(help: "Largest message accepted, in bytes.")
    var maxMessageSize: Int = JSONRPCLimits().maxMessageSize

    @Option(
        help: ArgumentHelp(
            "Most bytes held for messages still arriving, all connections together; past it they are refused.",
            valueName: "bytes"))
    var maxBufferedBytes: Int = JSONRPCLimits().maxBufferedBytes

    @Option(
        help: ArgumentHelp(
            "Seconds a message may take from its first byte to its last before the connection is closed.",
            valueName: "seconds"))
    var incompleteMessageTimeout: Double = 30

    @Option(
        help: ArgumentHelp(
            "Serve Prometheus metrics on http://HOST:PORT/metrics (:PORT for every interface; port 0 picks a free "
                + "port and prints it). Off by default.", valueName: "host:port"))
    var metricsAddress: String?

    func validate() throws {
        if let metricsAddress, case .failure(let error) = MetricsAddress.parse(metricsAddress) {
            throw ValidationError("--metrics-address: \(error.message)")
        }
        if stdio && socket != nil {
            throw ValidationError("give --stdio or --socket PATH, not both")
        }
        if mcp && (stdio || socket != nil) {
            throw ValidationError("--mcp serves MCP on stdin and stdout; give it without --stdio or --socket")
        }
        if let workspace {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: workspaceRoot(workspace), isDirectory: &isDirectory),
                isDirectory
            else {
                throw ValidationError("--workspace \(workspace) is not a folder")
            }
        }
        if maxMessageSize < 1024 {
            throw ValidationError("--max-message-size must be at least 1024 bytes")
        }
        if maxBufferedBytes < maxMessageSize {
            throw ValidationError(
                "--max-buffered-bytes must be at least --max-message-size (\(maxMessageSize)), or the largest "
                    + "messages could never be accepted")
        }
        if !(incompleteMessageTimeout > 0 && incompleteMessageTimeout <= 86_400) {
            throw ValidationError("--incomplete-message-timeout must be more than 0 and at most 86400 seconds")
        }
    }

    func run() async throws {
        // Before any thread starts: memory that follows the work, not the machine's core count.
        HeapTuning.limitArenas(to: 2)
        HeapTuning.mapAllocations(atLeast: 1 << 20)
        JSONRPCEventLoops.limit(to: stdio || mcp ? 1 : 4)
        var limits = JSONRPCLimits()
        limits.maxMessageSize = maxMessageSize
        limits.maxBufferedBytes = maxBufferedBytes
        limits.incompleteMessageTimeout = .milliseconds(Int64((incompleteMessageTimeout * 1000).rounded()))
        let logger = CommandLogging.logger(for: "serve")
        // MCP's stdio transport is newline-delimited JSON, whatever --framing says.
        let configuration = JSONRPCConfiguration(
            framing: mcp ? .newline : framing.jsonrpc, limits: limits, logger: logger)
        let root = workspaceRoot(workspace)
        let supervisor = RunSupervisor(logger: logger, shutdownReason: "the server shut down", logsEvents: true)
        let transport: any Service
        let stdioService: JSONRPCStdioService?
        if stdio || mcp {
            let server = OrchestratorServer(
                version: OrchestratorVersion.current, transport: .stdio, limits: limits, workspace: root,
                store: StoreWiring.open, supervisor: supervisor, auditHeads: StoreWiring.auditHeads,
                storeInWorkspace: StoreWiring.storeInWorkspace)
            let service = JSONRPCStdioService(
                JSONRPCStdioServer(
                    configuration: configuration, handlerFactory: mcp ? server.mcpHandlerFactory : server.handlerFactory
                ))
            (transport, stdioService) = (service, service)
        } else {
            let path = socket ?? Serve.defaultSocket
            let server = OrchestratorServer(
                version: OrchestratorVersion.current, transport: .socket, limits: limits, workspace: root,
                store: StoreWiring.open, supervisor: supervisor, auditHeads: StoreWiring.auditHeads,
                storeInWorkspace: StoreWiring.storeInWorkspace)
            let listener: JSONRPCSocketServer
            do {
                listener = try await JSONRPCSocketServer.bind(
                    path: path, configuration: configuration, handlerFactory: server.handlerFactory)
            } catch let error as JSONRPCServerError {
                throw CommandFailure(message: error.message, exitCode: 1)
            }
            StandardError.write("orchestrator: serving JSON-RPC on \(listener.path)\n")
            (transport, stdioService) = (listener, nil)
        }
        // Shut down in reverse order: the supervisor first (runs stop at a safe point, and the requests following
        // them are answered with that), then the transport (connections close, the socket goes), then metrics (a
        // last scrape sees the runs' ends). A stdio peer that hangs up ends the server the same way.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: transport, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: supervisor),
        ]
        if let metrics = try await startMetrics() { services.insert(.init(service: metrics), at: 0) }
        // Traces are exported until the very end: the runs' last spans end as the supervisor stops them.
        if let tracing = try TracingSetup.start(logger: logger) { services.insert(.init(service: tracing), at: 0) }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = Serve.gracefulShutdownLimit
        try await ServiceGroup(configuration: groupConfiguration).run()
        let status = stdioService?.exitStatus ?? 0
        if status != 0 { throw ExitCode(status) }
    }

    /// With `--metrics-address`: the swift-metrics backend is bootstrapped and the endpoint listens. Without it
    /// nothing is: no registry, no socket, no thread (metrics calls stay swift-metrics' no-ops).
    private func startMetrics() async throws -> MetricsEndpoint? {
        guard let metricsAddress, case .success(let address) = MetricsAddress.parse(metricsAddress) else { return nil }
        let backend = PrometheusMetricsBackend.make()
        MetricsSystem.bootstrap(backend)
        let endpoint: MetricsEndpoint
        do {
            endpoint = try await MetricsEndpoint.bind(address, registry: backend.registry)
        } catch {
            throw CommandFailure(message: "cannot serve metrics on \(metricsAddress): \(error)", exitCode: 1)
        }
        StandardError.write("orchestrator: serving metrics on http://\(endpoint.boundAddress)/metrics\n")
        return endpoint
    }

    /// The workspace, absolute and without `.` or `..`: the current directory when none is given.
    private func workspaceRoot(_ workspace: String?) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let workspace, !workspace.isEmpty else { return current }
        let absolute = workspace.hasPrefix("/") ? workspace : current + "/" + workspace
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
