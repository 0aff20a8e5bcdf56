import JSONRPC

/// Checks a tool call's arguments against the tool's `inputSchema`, in the subset of JSON Schema the definitions in
/// `protocol/mcp.json` use: `type`, `properties`, `required`, `additionalProperties: false`, `enum`, `minLength`,
/// `pattern`. A test keeps the definitions inside that subset.
enum MCPArgumentCheck {
    /// The keywords understood here; any other keyword in an input schema fails the definitions test.
    static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "enum", "minLength", "pattern", "description",
    ]

    /// Nil when `value` fits `schema`, else a sentence naming the first member that does not (by JSON Pointer).
    static func problem(_ value: JSONValue, against schema: JSONValue, at pointer: String = "") -> String? {
        let subject = pointer.isEmpty ? "the arguments" : "argument \"\(pointer)\""
        if let type = schema["type"]?.stringValue, !fits(value, type: type) {
            return "\(subject) must be \(article(type)) \(type), found \(describe(value))"
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            let names = allowed.map(\.description).joined(separator: ", ")
            return "\(subject) must be one of \(names), found \(describe(value))"
        }
        if case .string(let text) = value {
            if let minimum = schema["minLength"]?.integerValue, text.count < minimum {
                return "\(subject) must not be empty"
            }
            if let pattern = schema["pattern"]?.stringValue, let regex = try? Regex(pattern),
                (try? regex.firstMatch(in: text)) == nil
            {
                return "\(subject) must match \(pattern), found \(describe(value))"
            }
        }
        guard case .object(let members) = value else { return nil }
        let properties = schema["properties"]?.objectValue ?? [:]
        for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
            return "argument \"\(pointer)/\(name)\" is missing"
        }
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            guard let property = properties[name] else {
                if schema["additionalProperties"]?.boolValue == false {
                    let known = properties.keys.sorted().joined(separator: ", ")
                    return "\(subject) has no member \"\(name)\" (known: \(known))"
                }
                continue
            }
            if let problem = problem(member, against: property, at: pointer + "/" + name) { return problem }
        }
        return nil
    }

    private static func fits(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array), ("null", .null):
            true
        case ("integer", _): value.integerValue != nil
        case ("number", .integer), ("number", .double): true
        default: false
        }
    }

    private static func article(_ type: String) -> String {
        type.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean (\(value))"
        case .integer, .double: "a number (\(value))"
        case .string: "a string (\(value))"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
