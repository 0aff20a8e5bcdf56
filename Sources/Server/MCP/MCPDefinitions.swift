import JSONRPC

/// One MCP tool as `protocol/mcp.json` defines it: what `tools/list` shows a model, and the RPC method it faces.
struct MCPToolDefinition: Sendable {
    var name: String
    var title: String
    var description: String
    /// The JSON-RPC method whose handler answers the tool (its result is the tool's structured content).
    var method: String
    var annotations: JSONValue
    var inputSchema: JSONValue
    /// The result schema of ``method`` in `openrpc.json`, made self-contained (see ``MCPOutputSchema``).
    var outputSchema: JSONValue

    /// The tool as `tools/list` lists it.
    var listed: JSONValue {
        [
            "name": .string(self.name), "title": .string(self.title), "description": .string(self.description),
            "inputSchema": self.inputSchema, "outputSchema": self.outputSchema,
            "annotations": self.annotations.merging(["title": .string(self.title)]),
        ]
    }
}

/// One resource template of `protocol/mcp.json`, as `resources/templates/list` lists it.
struct MCPResourceTemplate: Sendable {
    var listed: JSONValue
}

/// The MCP face's definitions, read once from the copy of `protocol/mcp.json` the binary carries: the one place
/// tools and resource templates are defined (docs/mcp.md's tables are generated from the same file).
enum MCPDefinitions {
    /// The embedded text, byte for byte the file's.
    static var text: String { EmbeddedProtocol.documents["mcp.json"] ?? "{}" }

    private static let loaded: Result<(tools: [MCPToolDefinition], templates: [MCPResourceTemplate]), JSONRPCError> =
        Result { () throws(JSONRPCError) in try load() }

    /// Every tool, in the file's order.
    static func tools() throws(JSONRPCError) -> [MCPToolDefinition] { try loaded.get().tools }

    /// Every resource template, in the file's order.
    static func templates() throws(JSONRPCError) -> [MCPResourceTemplate] { try loaded.get().templates }

    private static func load() throws(JSONRPCError) -> (tools: [MCPToolDefinition], templates: [MCPResourceTemplate]) {
        let document: JSONValue
        let contract: JSONValue
        do {
            document = try JSONValue(parsing: text, maxDepth: 512)
            contract = try OpenRPCDocument.value()
        } catch {
            throw JSONRPCError.internalError("the embedded protocol/mcp.json does not parse: \(error)")
        }
        var tools: [MCPToolDefinition] = []
        for tool in document["tools"]?.arrayValue ?? [] {
            guard let name = tool["name"]?.stringValue, let method = tool["method"]?.stringValue,
                let input = tool["inputSchema"], let annotations = tool["annotations"]
            else { throw JSONRPCError.internalError("protocol/mcp.json: a tool lacks name, method or schemas") }
            tools.append(
                MCPToolDefinition(
                    name: name, title: tool["title"]?.stringValue ?? name,
                    description: tool["description"]?.stringValue ?? "", method: method, annotations: annotations,
                    inputSchema: input, outputSchema: try MCPOutputSchema.result(of: method, in: contract)))
        }
        let templates = (document["resourceTemplates"]?.arrayValue ?? []).map { template in
            var listed = template.objectValue ?? [:]
            listed["method"] = nil
            return MCPResourceTemplate(listed: .object(listed))
        }
        return (tools, templates)
    }
}

extension JSONValue {
    /// This object with `other`'s members added (replacing those of the same name); other values are returned as is.
    func merging(_ other: [String: JSONValue]) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members.merge(other) { _, new in new }
        return .object(members)
    }
}
