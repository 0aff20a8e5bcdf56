/// Reads typed keyword values out of a schema object, naming the keyword when one has the wrong type.
struct KeywordReader {
    let object: [String: SchemaValue]
    let pointer: String

    private func fail(_ key: String, _ expected: String) -> SchemaLoadError {
        SchemaLoadError(pointer: "\(pointer)/\(key)", message: "\(key) must be \(expected)")
    }

    func string(_ key: String) throws(SchemaLoadError) -> String? {
        guard let raw = object[key] else { return nil }
        guard case .string(let value) = raw else { throw fail(key, "a string") }
        return value
    }

    func strings(_ key: String) throws(SchemaLoadError) -> [String]? {
        guard let raw = object[key] else { return nil }
        guard let value = Self.strings(raw) else { throw fail(key, "an array of strings") }
        return value
    }

    func bool(_ key: String) throws(SchemaLoadError) -> Bool? {
        guard let raw = object[key] else { return nil }
        guard case .bool(let value) = raw else { throw fail(key, "a boolean") }
        return value
    }

    func number(_ key: String) throws(SchemaLoadError) -> Double? {
        guard let raw = object[key] else { return nil }
        guard case .number(let value) = raw else { throw fail(key, "a number") }
        return value
    }

    func count(_ key: String) throws(SchemaLoadError) -> Int? {
        guard let value = try number(key) else { return nil }
        guard value >= 0, value == value.rounded() else { throw fail(key, "a non-negative integer") }
        return Int(value)
    }

    func types() throws(SchemaLoadError) -> [JSONType]? {
        guard let raw = object["type"] else { return nil }
        let names: [String]
        if case .string(let one) = raw {
            names = [one]
        } else if let many = Self.strings(raw) {
            names = many
        } else {
            throw fail("type", "a type name or an array of them")
        }
        var types: [JSONType] = []
        for name in names {
            guard let type = JSONType(rawValue: name) else {
                throw fail("type", "one of \(JSONType.allCases.map(\.rawValue))")
            }
            types.append(type)
        }
        return types
    }

    func value(_ key: String) -> SchemaValue? {
        object[key]
    }

    func values(_ key: String) throws(SchemaLoadError) -> [SchemaValue]? {
        guard let raw = object[key] else { return nil }
        guard case .array(let array) = raw else { throw fail(key, "an array") }
        return array
    }

    /// The strings of an array holding only strings; nil for anything else.
    static func strings(_ value: SchemaValue) -> [String]? {
        guard case .array(let elements) = value else { return nil }
        var strings: [String] = []
        for case .string(let string) in elements { strings.append(string) }
        return strings.count == elements.count ? strings : nil
    }
}
