import JSON
import Tools

/// What `tools list|show` and `tools/list` return: every tool agents may call, with its actions' schemas.
public struct ToolCatalogReport: Sendable, Encodable {
    /// One tool.
    public struct Tool: Sendable, Encodable {
        /// One action of a tool, with the JSON Schemas its calls are checked against.
        public struct Action: Sendable, Encodable {
            public var name: String
            /// The name the model calls it by (`<tool>__<action>`).
            public var function: String
            public var description: String
            public var parameters: JSONValue
            public var result: JSONValue
            public var timeoutSeconds: Double
        }

        public var id: String
        public var description: String
        public var actions: [Action]
        public var safety: [String]
    }

    public var tools: [Tool]

    public init(registry: ToolRegistry) {
        tools = registry.descriptors.sorted { $0.id < $1.id }.map(Tool.init)
    }

    /// The built-in tools.
    public static func builtin() -> ToolCatalogReport { ToolCatalogReport(registry: .builtin()) }

    /// One tool; an unknown id is an error listing the known ones.
    public static func tool(id: String, registry: ToolRegistry = .builtin()) throws(EngineError) -> Tool {
        guard let descriptor = registry.descriptors.first(where: { $0.id == id }) else {
            let known = registry.descriptors.map(\.id).sorted().joined(separator: ", ")
            throw EngineError(.notFound, "no tool '\(id)'; known: \(known)")
        }
        return Tool(descriptor)
    }
}

extension ToolCatalogReport.Tool {
    init(_ descriptor: ToolDescriptor) {
        self.init(
            id: descriptor.id, description: descriptor.description,
            actions: descriptor.actions.map { action in
                Action(
                    name: action.name, function: ToolRegistry.functionName(tool: descriptor.id, action: action.name),
                    description: action.description, parameters: action.parameters, result: action.result,
                    timeoutSeconds: action.timeoutSeconds)
            },
            safety: descriptor.safety)
    }
}
