import Foundation

/// Reads typed keyword values out of a schema object, naming the keyword when one has the wrong type.
struct KeywordReader {
    let object: [String: Any]
    let pointer: String

    private func fail(_ key: String, _ expected: String) -> SchemaLoadError {
        SchemaLoadError(pointer: "\(pointer)/\(key)", message: "\(key) must be \(expected)")
    }

    func string(_ key: String) throws(SchemaLoadError) -> String? {
        guard let raw = object[key] else { return nil }
        guard let value = raw as? String else { throw fail(key, "a string") }
        return value
    }

    func strings(_ key: String) throws(SchemaLoadError) -> [String]? {
        guard let raw = object[key] else { return nil }
        guard let value = raw as? [String] else { throw fail(key, "an array of strings") }
        return value
    }

    func bool(_ key: String) throws(SchemaLoadError) -> Bool? {
        guard let raw = object[key] else { return nil }
        guard let number = raw as? NSNumber, Self.isBool(number) else { throw fail(key, "a boolean") }
        return number.boolValue
    }

    func number(_ key: String) throws(SchemaLoadError) -> Double? {
        guard let raw = object[key] else { return nil }
        guard let number = raw as? NSNumber, !Self.isBool(number) else { throw fail(key, "a number") }
        return number.doubleValue
    }

    func count(_ key: String) throws(SchemaLoadError) -> Int? {
        guard let value = try number(key) else { return nil }
        guard value >= 0, value == value.rounded() else { throw fail(key, "a non-negative integer") }
        return Int(value)
    }

    func types() throws(SchemaLoadError) -> [JSONType]? {
        guard let raw = object["type"] else { return nil }
        let names: [String]
        if let one = raw as? String {
            names = [one]
        } else if let many = raw as? [String] {
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

    func value(_ key: String) throws(SchemaLoadError) -> SchemaValue? {
        guard let raw = object[key] else { return nil }
        return try Self.convert(raw, pointer: "\(pointer)/\(key)")
    }

    func values(_ key: String) throws(SchemaLoadError) -> [SchemaValue]? {
        guard let raw = object[key] else { return nil }
        guard let array = raw as? [Any] else { throw fail(key, "an array") }
        var result: [SchemaValue] = []
        for element in array {
            result.append(try Self.convert(element, pointer: "\(pointer)/\(key)"))
        }
        return result
    }

    static func convert(_ raw: Any, pointer: String) throws(SchemaLoadError) -> SchemaValue {
        switch raw {
        case is NSNull: return .null
        case let string as String: return .string(string)
        case let number as NSNumber: return isBool(number) ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            var values: [SchemaValue] = []
            for element in array { values.append(try convert(element, pointer: pointer)) }
            return .array(values)
        case let object as [String: Any]:
            var values: [String: SchemaValue] = [:]
            for (key, element) in object { values[key] = try convert(element, pointer: pointer) }
            return .object(values)
        default:
            throw SchemaLoadError(pointer: pointer, message: "unsupported JSON value")
        }
    }

    /// JSONSerialization hands booleans back as NSNumber; tell them apart from 0 and 1.
    static func isBool(_ number: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(number) == CFBooleanGetTypeID()
        #else
        return String(cString: number.objCType) == "c"
        #endif
    }
}
