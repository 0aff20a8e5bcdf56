import Config
import JSON

/// The tools an engine offers its agents: looks them up, shows them to models, validates and runs calls.
public struct ToolRegistry: Sendable {
    private struct Entry: Sendable {
        let tool: any Tool
        /// The tool's descriptor, built once: tools make theirs (schemas and all) each time they are asked.
        let descriptor: ToolDescriptor
        /// Each action's compiled parameter schema, or why it does not load (a bug in the tool, reported on call).
        let schemas: [String: Result<JSONSchema, SchemaLoadError>]
    }

    private let order: [String]
    private let entries: [String: Entry]

    /// A registry of these tools; a later tool with an id already present replaces the earlier one.
    public init(tools: [any Tool]) {
        var order: [String] = []
        var entries: [String: Entry] = [:]
        for tool in tools {
            let descriptor = tool.descriptor
            var schemas: [String: Result<JSONSchema, SchemaLoadError>] = [:]
            for action in descriptor.actions {
                schemas[action.name] = Result { () throws(SchemaLoadError) in
                    try JSONSchemaLoader.load(json: action.parameters.jsonString())
                }
            }
            if entries[descriptor.id] == nil { order.append(descriptor.id) }
            entries[descriptor.id] = Entry(tool: tool, descriptor: descriptor, schemas: schemas)
        }
        self.order = order
        self.entries = entries
    }

    /// The built-in tools: file_system, git, python_executor, duckdb, linter and visualization.
    public static func builtin(configuration: ToolConfiguration = .init()) -> ToolRegistry {
        ToolRegistry(tools: [
            FileSystemTool(configuration: configuration),
            GitTool(configuration: configuration),
            PythonExecutorTool(configuration: configuration),
            DuckDBTool(configuration: configuration),
            LinterTool(configuration: configuration),
            VisualizationTool(configuration: configuration),
        ])
    }

    /// Every tool's descriptor, in registration order.
    public var descriptors: [ToolDescriptor] { order.compactMap { entries[$0]?.descriptor } }

    /// The tool with this id.
    public func tool(id: String) -> (any Tool)? { entries[id]?.tool }

    /// The functions a model may call for these tools (unknown ids are skipped), one per action.
    public func functions(for toolIDs: [String]) -> [ToolFunction] {
        var seen: Set<String> = []
        var functions: [ToolFunction] = []
        for id in toolIDs where seen.insert(id).inserted {
            guard let descriptor = entries[id]?.descriptor else { continue }
            for action in descriptor.actions {
                functions.append(
                    ToolFunction(
                        name: Self.functionName(tool: descriptor.id, action: action.name), tool: descriptor.id,
                        action: action.name, description: "\(descriptor.id): \(action.description)",
                        parameters: action.parameters))
            }
        }
        return functions
    }

    /// Whether a call of this function names every file it changes and writes none in place (see
    /// ``ToolDescriptor/reportsEveryChange``); false for a function no tool here offers.
    public func reportsEveryChange(_ functionName: String) -> Bool {
        guard let (toolID, _) = Self.parseFunctionName(functionName) else { return false }
        return entries[toolID]?.descriptor.reportsEveryChange ?? false
    }

    /// The function name of a tool's action: `<tool>__<action>`.
    public static func functionName(tool: String, action: String) -> String {
        tool + ToolFunction.separator + action
    }

    /// The tool and action a function name stands for; nil when it is not `<tool>__<action>`.
    public static func parseFunctionName(_ name: String) -> (tool: String, action: String)? {
        guard let range = name.firstRange(of: ToolFunction.separator) else { return nil }
        let tool = String(name[..<range.lowerBound])
        let action = String(name[range.upperBound...])
        guard !tool.isEmpty, !action.isEmpty else { return nil }
        return (tool, action)
    }

    /// Validates the arguments against the action's schema, then runs it within the action's timeout.
    public func call(
        _ functionName: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        guard let (toolID, actionName) = Self.parseFunctionName(functionName) else {
            throw .unknownTool(functionName)
        }
        guard let entry = entries[toolID] else { throw .unknownTool(toolID) }
        let descriptor = entry.descriptor
        guard let action = descriptor.action(named: actionName), let compiled = entry.schemas[actionName] else {
            throw .unknownAction(tool: toolID, action: actionName)
        }
        let schema: JSONSchema
        switch compiled {
        case .success(let loaded): schema = loaded
        case .failure(let error):
            throw .failed("tool '\(toolID)' action '\(actionName)' has an unusable parameter schema: \(error)")
        }
        // Models often send no arguments at all for an action that takes none.
        let arguments = arguments.isNull ? JSONValue.object([:]) : arguments
        let violations = ArgumentValidator(root: schema).violations(of: arguments)
        guard violations.isEmpty else {
            throw .invalidArguments(tool: toolID, action: actionName, violations: violations)
        }
        let tool = entry.tool
        return try await ToolDeadline.run(seconds: action.timeoutSeconds) { () async throws(ToolError) in
            try await tool.perform(actionName, arguments: arguments, context: context)
        }
    }
}
