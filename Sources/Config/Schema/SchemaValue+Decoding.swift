import JSON

extension SchemaValue {
    /// The literal a parsed JSON value spells; every number becomes a `Double`, as schemas compare them.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .number(Double(number))
        case .double(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(SchemaValue.init))
        case .object(let members): self = .object(members.mapValues(SchemaValue.init))
        }
    }

    /// Parses a JSON document with the project's JSON parser. (Foundation's `JSONDecoder` took a
    /// `try?` per candidate type at every node, and the built-in schemas are parsed by every process
    /// that validates anything: 5 ms of a CLI call.)
    static func parse(json: String) throws -> SchemaValue {
        SchemaValue(try JSONValue(parsing: json, maxDepth: 512))
    }
}
