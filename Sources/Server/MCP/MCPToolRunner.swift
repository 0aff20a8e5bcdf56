import Config
import Engine
import JSONRPC
import Model

/// Runs `tools/call`: checks the arguments against the tool's schema and the workspace, then hands them to the
/// JSON-RPC handler of the tool's method (the same code `workflow/status` & co. run), and wraps its result as MCP
/// content. Nothing here knows how the engine works.
struct MCPToolRunner: Sendable {
    /// The connection's JSON-RPC method table (the scripting methods), whose handlers answer the tools.
    let methods: JSONRPCRouter
    let runs: WorkflowRunHandler
    let workspace: MCPWorkspace
    let state: MCPSessionState

    func call(_ params: JSONValue?, context: JSONRPCRequestContext) async throws -> JSONValue {
        guard let name = params?["name"]?.stringValue else {
            throw Self.invalidParams("member \"/name\" is missing: name the tool to call", pointer: "/name")
        }
        let tools = try MCPDefinitions.tools()
        guard let tool = tools.first(where: { $0.name == name }) else {
            let known = tools.map(\.name).joined(separator: ", ")
            throw Self.invalidParams("Unknown tool: \(name) (the tools are \(known))", pointer: "/name")
        }
        let arguments = params?["arguments"] ?? .object([:])
        let progress = WorkDoneProgress(mcpToken: params?["_meta"]?["progressToken"], connection: context.connection)
        do {
            if let problem = MCPArgumentCheck.problem(arguments, against: tool.inputSchema) {
                throw MCPToolFailure.arguments("\(tool.name): \(problem)")
            }
            let value = try await self.execute(
                tool, arguments.objectValue ?? [:], progress: progress, context: context,
                traceParent: params?["_meta"]?["traceparent"]?.stringValue)
            return [
                "content": [["type": "text", "text": .string(value.jsonString())]],
                "structuredContent": value, "isError": false,
            ]
        } catch let failure as MCPToolFailure {
            switch failure {
            case .arguments(let message):
                guard MCPProtocolVersion.reportsArgumentErrorsAsResults(state.version) else {
                    throw Self.invalidParams(message, pointer: "/arguments")
                }
                return Self.errorResult(message, error: nil)
            case .execution(let error):
                return Self.errorResult(error.message, error: error)
            }
        }
    }

    /// A tool execution error: the model reads the message and may correct itself; the JSON-RPC error, when there
    /// is one, follows as JSON (its `data.reason` is the engine's stable name).
    static func errorResult(_ message: String, error: JSONRPCError?) -> JSONValue {
        var content: [JSONValue] = [["type": "text", "text": .string(message)]]
        if let error { content.append(["type": "text", "text": .string(error.jsonValue.jsonString())]) }
        return ["content": .array(content), "isError": true]
    }

    static func invalidParams(_ message: String, pointer: String) -> JSONRPCError {
        var error = JSONRPCError.invalidParams(message)
        error.data = ["pointer": .string(pointer)]
        return error
    }

    private func execute(
        _ tool: MCPToolDefinition, _ arguments: [String: JSONValue], progress: WorkDoneProgress,
        context: JSONRPCRequestContext, traceParent: String?
    ) async throws -> JSONValue {
        var params = arguments
        params["workspace"] = .string(workspace.root)
        switch tool.name {
        case "workflow_start", "workflow_resume":
            return try await self.run(tool, arguments, progress: progress, context: context, traceParent: traceParent)
        case "checkpoint_rollback":
            // Destructive only when asked for in so many words.
            params["dryRun"] = .bool(arguments["confirm"]?.boolValue != true)
            params["confirm"] = nil
        case "audit_verify":
            params["verify"] = true
        case "config_validate":
            switch (arguments["path"]?.stringValue, arguments["text"]) {
            case (let path?, nil):
                params["uri"] = .string(FileURI.from(path: try workspace.contain(path, argument: "path")))
                params["path"] = nil
            case (nil, .some):
                break
            default:
                throw MCPToolFailure.arguments("config_validate: give either \"path\" or \"text\", not both or neither")
            }
            params["workspace"] = nil
        default:
            break
        }
        return try await self.answer(tool.method, params: .object(params), context: context)
    }

    /// Calls the JSON-RPC handler of `method`; its invalid-params errors are the caller's to correct, the others
    /// are the engine's refusals.
    private func answer(_ method: String, params: JSONValue, context: JSONRPCRequestContext) async throws -> JSONValue {
        do {
            return try await self.methods.answer(method, params: params, context: context)
        } catch let error as JSONRPCError {
            if error.code == JSONRPCError.Code.invalidParams { throw MCPToolFailure.arguments(error.message) }
            throw MCPToolFailure.execution(error)
        }
    }

    /// `workflow_start` and `workflow_resume`: the run handler the RPC uses, with MCP progress, and a cancelled call
    /// cancelling the workflow.
    private func run(
        _ tool: MCPToolDefinition, _ arguments: [String: JSONValue], progress: WorkDoneProgress,
        context: JSONRPCRequestContext, traceParent: String?
    ) async throws -> JSONValue {
        var params = WorkflowRunParams(
            workspace: workspace.root, workflow: arguments["workflow"]?.stringValue,
            detach: arguments["detach"]?.boolValue)
        params.meta = traceParent.map { RequestMeta(traceparent: $0) }
        if let provider = arguments["provider"] {
            do {
                params.provider = try provider.decode(ProviderChoice.self)
            } catch {
                throw MCPToolFailure.arguments("\(tool.name): argument \"/provider\": \(error)")
            }
        }
        let following = RunFollowing(progress: progress, cancelRunWithRequest: true, reportsEveryEvent: false)
        do {
            let report: WorkflowReport
            if tool.name == "workflow_start" {
                params.intake = try MCPInlineIntake.path(arguments, in: workspace)
                report = try await runs.start(params, context: context, following: following)
            } else {
                report = try await runs.resume(params, context: context, following: following)
            }
            return try JSONValue(encoding: report)
        } catch let error as JSONRPCError {
            if Task.isCancelled { throw CancellationError() }
            if error.code == JSONRPCError.Code.invalidParams { throw MCPToolFailure.arguments(error.message) }
            throw MCPToolFailure.execution(error)
        }
    }
}
