/// One (sub)schema of the JSON Schema 2020-12 subset we evaluate (see `protocol/schemas/README.md`).
///
/// Immutable after loading. `$ref`s stay names and are resolved against the root's `$defs` when
/// evaluated, so a recursive schema costs nothing to load.
public final class JSONSchema: Sendable {
    /// How a schema treats keys it does not list in `properties`.
    public enum AdditionalProperties: Sendable {
        case allowed
        case forbidden
        case schema(JSONSchema)
    }

    public let types: [JSONType]?
    public let properties: [String: JSONSchema]
    /// Property names in the order the schema file lists them (for completion and messages).
    public let propertyOrder: [String]
    public let required: [String]
    public let additionalProperties: AdditionalProperties
    public let items: JSONSchema?
    public let enumValues: [SchemaValue]?
    public let constValue: SchemaValue?
    public let minimum: Double?
    public let maximum: Double?
    public let exclusiveMinimum: Double?
    public let exclusiveMaximum: Double?
    public let minLength: Int?
    public let maxLength: Int?
    public let minItems: Int?
    public let maxItems: Int?
    public let uniqueItems: Bool
    public let pattern: SchemaPattern?
    public let format: String?
    /// The name of a `$defs` entry this schema refers to (`#/$defs/NAME`).
    public let ref: String?
    public let allOf: [JSONSchema]
    public let anyOf: [JSONSchema]
    public let oneOf: [JSONSchema]
    public let ifSchema: JSONSchema?
    public let thenSchema: JSONSchema?
    public let elseSchema: JSONSchema?
    public let title: String?
    public let description: String?
    public let defaultValue: SchemaValue?
    public let examples: [SchemaValue]
    public let deprecated: Bool
    /// `$defs` of the root schema (empty on subschemas).
    public let definitions: [String: JSONSchema]

    init(
        types: [JSONType]? = nil, properties: [String: JSONSchema] = [:], propertyOrder: [String] = [],
        required: [String] = [], additionalProperties: AdditionalProperties = .allowed, items: JSONSchema? = nil,
        enumValues: [SchemaValue]? = nil, constValue: SchemaValue? = nil, minimum: Double? = nil,
        maximum: Double? = nil, exclusiveMinimum: Double? = nil, exclusiveMaximum: Double? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, minItems: Int? = nil, maxItems: Int? = nil,
        uniqueItems: Bool = false, pattern: SchemaPattern? = nil, format: String? = nil, ref: String? = nil,
        allOf: [JSONSchema] = [], anyOf: [JSONSchema] = [], oneOf: [JSONSchema] = [], ifSchema: JSONSchema? = nil,
        thenSchema: JSONSchema? = nil, elseSchema: JSONSchema? = nil, title: String? = nil,
        description: String? = nil, defaultValue: SchemaValue? = nil, examples: [SchemaValue] = [],
        deprecated: Bool = false, definitions: [String: JSONSchema] = [:]
    ) {
        self.types = types
        self.properties = properties
        self.propertyOrder = propertyOrder
        self.required = required
        self.additionalProperties = additionalProperties
        self.items = items
        self.enumValues = enumValues
        self.constValue = constValue
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
        self.pattern = pattern
        self.format = format
        self.ref = ref
        self.allOf = allOf
        self.anyOf = anyOf
        self.oneOf = oneOf
        self.ifSchema = ifSchema
        self.thenSchema = thenSchema
        self.elseSchema = elseSchema
        self.title = title
        self.description = description
        self.defaultValue = defaultValue
        self.examples = examples
        self.deprecated = deprecated
        self.definitions = definitions
    }
}

/// A JSON literal from a schema (`enum`, `const`, `default`, `examples`).
public enum SchemaValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([SchemaValue])
    case object([String: SchemaValue])

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value):
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }
}
