import Config
import Engine
import Governance
import JSONRPC
import Logging
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The server faces' method table: builds, per connection, the handler that answers every method.
///
/// Scripts call `rpc.discover`, `server/info` and `config/validate` straight away; a client that
/// starts with `initialize` gets a language-server session on the same connection (see
/// ``ServerSession``). Each later issue registers its engine methods here.
public struct OrchestratorServer: Sendable {
    /// The binary's version, reported by `server/info` and `initialize`.
    public var version: String
    /// The transport this server's connections arrive on.
    public var transport: ServerTransport
    /// The limits the transport enforces, reported by `server/info`.
    public var limits: JSONRPCLimits
    /// How config documents are validated.
    public var validator: ConfigValidator
    /// The workflow engines, one per workspace, shared by every connection of this server.
    public var engines: EngineRegistry
    /// Owns the runs started over RPC; the executable runs it as a service beside the transport.
    public var supervisor: RunSupervisor

    /// A server; `limits` should be the ones given to the transport.
    public init(
        version: String,
        transport: ServerTransport,
        limits: JSONRPCLimits = JSONRPCLimits(),
        validator: ConfigValidator = ConfigValidator(),
        workspace: String = FileManager.default.currentDirectoryPath,
        store: @escaping WorkflowStoreOpener,
        supervisor: RunSupervisor,
        auditHeads: AuditHeadKeeper? = nil,
        storeInWorkspace: Bool = true
    ) {
        self.supervisor = supervisor
        self.version = version
        self.transport = transport
        self.limits = limits
        self.validator = validator
        self.engines = EngineRegistry(
            defaultWorkspace: workspace, openStore: store, auditHeads: auditHeads, storeInWorkspace: storeInWorkspace)
    }

    /// The version of the wire contract (`protocol/openrpc.json`), reported by `server/info` and `initialize`.
    ///
    /// 1: the first contract (result keys in mixed styles). 2: every result key and `--json` output is camelCase,
    /// checkpoint events carry a typed verdict, workflows may be `pending` or `interrupted`.
    public static let protocolVersion = 2

    /// Methods the JSON-RPC layer answers itself, before any route: part of the contract all the same.
    public static let transportMethods = ["$/cancelRequest"]

    /// Every request and notification name a connection answers, sorted: `openrpc.json` lists the same.
    public static let methodTable: [String] = {
        let router = OrchestratorServer(
            version: "", transport: .stdio, store: { _, _ in throw CancellationError() },
            supervisor: RunSupervisor(
                logger: Logger(label: "orchestrator.methods", factory: { _ in SwiftLogNoOpLogHandler() }))
        ).makeRouter(session: ServerSession())
        return (router.methodNames + router.notificationNames + transportMethods).sorted()
    }()

    /// The handler factory to give a ``JSONRPCStdioServer`` or ``JSONRPCSocketServer``.
    public var handlerFactory: JSONRPCHandlerFactory {
        // What server/info answers cannot change while the server runs: encode it once, not per call.
        let info = JSONRPCResult.preEncoded(self.info.encoded())
        return { [self] _ in
            let session = ServerSession()
            let rpc = SessionGate(router: self.makeRouter(session: session, info: info), session: session)
            // A connection that opens with MCP's initialize is an MCP session in the server's workspace.
            return ConnectionFace(rpc: rpc) { self.mcpHandler(workspace: MCPWorkspace(self.engines.defaultWorkspace)) }
        }
    }

    /// The handler factory for `serve --mcp`: every connection is an MCP session in the server's workspace.
    public var mcpHandlerFactory: JSONRPCHandlerFactory {
        let workspace = MCPWorkspace(self.engines.defaultWorkspace)
        return { [self] _ in self.mcpHandler(workspace: workspace) }
    }

    /// What `server/info` answers.
    var info: ServerInfo {
        ServerInfo(version: self.version, transport: self.transport, limits: self.limits, methods: Self.methodTable)
    }

    /// The method table of one connection; `info` is the encoded ``info`` (unused when only listing methods).
    func makeRouter(session: ServerSession, info: JSONRPCResult = JSONRPCResult(.null)) -> JSONRPCRouter {
        var router = JSONRPCRouter()
        self.registerScriptingMethods(on: &router, info: info)
        self.registerWorkflowMethods(on: &router, session: session)
        self.registerCatalogMethods(on: &router)
        self.registerBudgetMethods(on: &router)
        self.registerGovernanceMethods(on: &router)
        LanguageServer(session: session, server: self).register(on: &router)
        return router
    }
}
