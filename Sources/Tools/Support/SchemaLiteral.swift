import JSON

/// Short spellings of the JSON Schemas the built-in tools describe their parameters and results with.
enum SchemaLiteral {
    /// An object; parameter objects are closed (unknown keys are refused), result objects stay open.
    static func object(
        _ properties: [String: JSONValue], required: [String] = [], closed: Bool = true, description: String? = nil
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map { .string($0) }) }
        if closed { schema["additionalProperties"] = false }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(
        _ description: String, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "string", "description": .string(description)]
        if let minLength { schema["minLength"] = .integer(Int64(minLength)) }
        if let maxLength { schema["maxLength"] = .integer(Int64(maxLength)) }
        if let pattern { schema["pattern"] = .string(pattern) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .integer(Int64(minimum)) }
        if let maximum { schema["maximum"] = .integer(Int64(maximum)) }
        return .object(schema)
    }

    static func number(_ description: String, minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "number", "description": .string(description)]
        if let minimum { schema["minimum"] = .double(minimum) }
        if let maximum { schema["maximum"] = .double(maximum) }
        return .object(schema)
    }

    static func boolean(_ description: String) -> JSONValue {
        ["type": "boolean", "description": .string(description)]
    }

    static func array(
        _ items: JSONValue, _ description: String, minItems: Int? = nil, maxItems: Int? = nil
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "array", "items": items, "description": .string(description)]
        if let minItems { schema["minItems"] = .integer(Int64(minItems)) }
        if let maxItems { schema["maxItems"] = .integer(Int64(maxItems)) }
        return .object(schema)
    }

    static func enumeration(_ values: [String], _ description: String) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) }), "description": .string(description)]
    }

    /// A value of any JSON type (described only).
    static func any(_ description: String) -> JSONValue {
        ["description": .string(description)]
    }

    /// The result shape shared by every tool that runs a process.
    static let processResult: JSONValue = object(
        [
            "exit_code": integer("The process's exit code (128 + signal when it was killed by a signal)."),
            "stdout": string("Standard output, cut at the output cap."),
            "stderr": string("Standard error, cut at the output cap."),
            "stdout_truncated": boolean("Whether stdout was cut."),
            "stderr_truncated": boolean("Whether stderr was cut."),
            "signal": integer("The signal that ended the process, if one did."),
        ], required: ["exit_code", "stdout", "stderr"], closed: false)
}
