import JSON

/// A tool offered to the model: its name on the wire, what it does, and the JSON Schema of its input.
public struct ToolDefinition: Sendable, Hashable {
    /// Matches `^[a-zA-Z0-9_-]{1,64}$` (the Messages API's rule); our tools use `<tool>__<action>`.
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}
