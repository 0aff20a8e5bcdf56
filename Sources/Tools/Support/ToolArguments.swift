import JSON

/// Typed reads of a call's arguments, which the registry has already checked against the action's schema.
///
/// The checks repeat what the schema says so that a tool called directly (not through the registry)
/// still refuses malformed input with a message rather than misbehaving.
struct ToolArguments: Sendable {
    let tool: String
    let action: String
    let members: [String: JSONValue]

    init(_ value: JSONValue, tool: String, action: String) {
        self.tool = tool
        self.action = action
        self.members = value.objectValue ?? [:]
    }

    func invalid(_ text: String) -> ToolError {
        .invalidArguments(tool: tool, action: action, violations: [text])
    }

    func string(_ key: String) throws(ToolError) -> String {
        guard let value = try optionalString(key) else { throw invalid("/: missing required property '\(key)'") }
        return value
    }

    func optionalString(_ key: String) throws(ToolError) -> String? {
        guard let raw = members[key], !raw.isNull else { return nil }
        guard let value = raw.stringValue else { throw invalid("/\(key): must be string") }
        return value
    }

    func integer(_ key: String) throws(ToolError) -> Int? {
        guard let raw = members[key], !raw.isNull else { return nil }
        guard let value = raw.integerValue, let exact = Int(exactly: value) else {
            throw invalid("/\(key): must be integer")
        }
        return exact
    }

    func number(_ key: String) throws(ToolError) -> Double? {
        guard let raw = members[key], !raw.isNull else { return nil }
        guard let value = raw.doubleValue else { throw invalid("/\(key): must be number") }
        return value
    }

    func bool(_ key: String, default fallback: Bool) throws(ToolError) -> Bool {
        guard let raw = members[key], !raw.isNull else { return fallback }
        guard let value = raw.boolValue else { throw invalid("/\(key): must be boolean") }
        return value
    }

    func strings(_ key: String) throws(ToolError) -> [String] {
        guard let raw = members[key], !raw.isNull else { return [] }
        guard let array = raw.arrayValue else { throw invalid("/\(key): must be array") }
        var values: [String] = []
        for (index, element) in array.enumerated() {
            guard let text = element.stringValue else { throw invalid("/\(key)/\(index): must be string") }
            values.append(text)
        }
        return values
    }

    subscript(key: String) -> JSONValue? { members[key] }
}
