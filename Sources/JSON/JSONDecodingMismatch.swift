/// The `DecodingError`s the value decoder throws when a value is not what a type needs, worded in
/// JSON's terms: "must be an integer, found \"three\"", never a Swift type name.
enum JSONDecodingMismatch {
    /// What the type being decoded needed.
    enum Expected {
        case object
        case array
        case string
        case boolean
        case number
        /// An integer within the type's range (bounds kept as text: they may not fit in `Int64`).
        case integer(minimum: String, maximum: String)

        static func integer<T: FixedWidthInteger>(_ minimum: T, _ maximum: T) -> Expected {
            .integer(minimum: String(minimum), maximum: String(maximum))
        }
    }

    /// A type mismatch (or, for `null`, a missing value) at `path`.
    static func error(expected: Expected, found: JSONValue, at path: [any CodingKey]) -> DecodingError {
        let context = DecodingError.Context(
            codingPath: path,
            debugDescription: "must be \(self.describe(expected, found: found)), found \(self.describe(found))")
        if found.isNull { return .valueNotFound(JSONValue.self, context) }
        return .typeMismatch(JSONValue.self, context)
    }

    private static func describe(_ expected: Expected, found: JSONValue) -> String {
        switch expected {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .boolean: return "true or false"
        case .number: return "a number"
        case .integer(let minimum, let maximum):
            // Name the range only when the number was integral but did not fit: otherwise it is noise.
            if let number = found.doubleValue, number.rounded() == number {
                return "an integer from \(minimum) to \(maximum)"
            }
            return "an integer"
        }
    }

    /// A short rendering of what was found: scalars shown as JSON text (strings cut at 40 characters),
    /// containers by kind.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null, .bool, .integer, .double:
            return value.jsonString()
        case .string(let string):
            let shown = string.count > 40 ? String(string.prefix(40)) + "…" : string
            return JSONValue.string(shown).jsonString()
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
