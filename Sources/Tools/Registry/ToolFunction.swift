import JSON

/// One tool action as a model sees it: a function name, what it does, and the JSON Schema of its arguments.
public struct ToolFunction: Sendable, Hashable {
    /// `<tool>__<action>`; matches `^[a-zA-Z0-9_-]{1,64}$`, which every model provider accepts.
    public var name: String
    public var tool: String
    public var action: String
    public var description: String
    public var parameters: JSONValue

    /// A function from its parts (the registry makes these; see `ToolRegistry.functions(for:)`).
    public init(name: String, tool: String, action: String, description: String, parameters: JSONValue) {
        self.name = name
        self.tool = tool
        self.action = action
        self.description = description
        self.parameters = parameters
    }

    /// The separator between tool and action; tool ids therefore never contain two underscores in a row.
    static let separator = "__"

    /// Whether a name is one every provider accepts as a function name.
    static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
    }
}
