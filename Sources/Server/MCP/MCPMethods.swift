import JSONRPC

extension OrchestratorServer {
    /// The MCP handler of one connection, working in `workspace` only.
    func mcpHandler(workspace: MCPWorkspace) -> MCPHandler {
        let state = MCPSessionState()
        let methods = self.makeRouter(session: ServerSession())
        let tools = MCPToolRunner(
            methods: methods, runs: WorkflowRunHandler(registry: self.engines, supervisor: self.supervisor),
            workspace: workspace, state: state)
        let resources = MCPResources(methods: methods, registry: self.engines, workspace: workspace)
        let events = MCPEventForwarder(registry: self.engines, state: state, workspace: workspace)
        var router = JSONRPCRouter()
        let version = self.version
        router.register(method: "initialize") { request, _ in
            guard let requested = request.params?["protocolVersion"]?.stringValue else {
                throw MCPToolRunner.invalidParams(
                    "member \"/protocolVersion\" is missing: the MCP revision the client speaks",
                    pointer: "/protocolVersion")
            }
            let negotiated = MCPProtocolVersion.negotiate(requested)
            state.negotiated(negotiated)
            return [
                "protocolVersion": .string(negotiated),
                "capabilities": [
                    "tools": ["listChanged": false], "resources": ["subscribe": true, "listChanged": true],
                    "logging": [:],
                ],
                "serverInfo": ["name": "orchestrator", "title": "Orchestrator", "version": .string(version)],
                "instructions": .string(Self.mcpInstructions(workspace: workspace.root)),
            ]
        }
        router.register(notification: "notifications/initialized") { _, context in
            events.start(connection: context)
        }
        router.register(method: "ping") { _, _ in [:] }
        router.register(method: "tools/list") { _, _ in
            ["tools": .array(try MCPDefinitions.tools().map(\.listed))]
        }
        router.register(method: "tools/call") { request, context in
            try await tools.call(request.params, context: context)
        }
        router.register(method: "resources/list") { _, context in try await resources.list(context: context) }
        router.register(method: "resources/templates/list") { _, _ in
            ["resourceTemplates": .array(try MCPDefinitions.templates().map(\.listed))]
        }
        router.register(method: "resources/read") { request, context in
            try await resources.read(try Self.uri(request.params), context: context)
        }
        router.register(method: "resources/subscribe") { request, context in
            let uri = try Self.uri(request.params)
            guard MCPResourceURI(uri) != nil else {
                throw JSONRPCError(code: MCPResources.notFound, message: "Resource not found: \(uri)")
            }
            events.subscribe(uri, connection: context.connection)
            return [:]
        }
        router.register(method: "resources/unsubscribe") { request, _ in
            state.unsubscribe(try Self.uri(request.params))
            return [:]
        }
        router.register(method: "logging/setLevel") { request, _ in
            guard let level = request.params?["level"]?.stringValue, MCPSessionState.logLevels.contains(level) else {
                let levels = MCPSessionState.logLevels.joined(separator: ", ")
                throw MCPToolRunner.invalidParams("member \"/level\" must be one of \(levels)", pointer: "/level")
            }
            state.setLogLevel(level)
            return [:]
        }
        return MCPHandler(router: router, state: state)
    }

    private static func uri(_ params: JSONValue?) throws -> String {
        guard let uri = params?["uri"]?.stringValue else {
            throw MCPToolRunner.invalidParams("member \"/uri\" is missing", pointer: "/uri")
        }
        return uri
    }

    /// What `initialize` tells the model about this server.
    static func mcpInstructions(workspace: String) -> String {
        """
        Orchestrator runs multi-phase software-delivery workflows (planning, architecture, data, development, qa, \
        documentation) with agents, a checkpoint per phase, governance gates and token budgets, in the workspace \
        \(workspace) only. Start one with workflow_start (an intake file or inline intake YAML); a blocking gate \
        pauses it with the reason: inspect it with workflow_status, governance_check and checkpoint_show, fix or \
        waive, then workflow_resume. checkpoint_rollback is a dry run unless confirm is true. Resources \
        orchestrator://workflow/{id}/… hold a workflow's status, checkpoints, audit trail, gate findings and budget.
        """
    }
}
