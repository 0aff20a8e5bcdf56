/// Why a schema document could not be loaded.
public struct SchemaLoadError: Error, CustomStringConvertible {
    /// JSON Pointer of the offending place in the schema.
    public var pointer: String
    public var message: String

    public var description: String { "schema error at \(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// Builds `JSONSchema` values from schema documents, refusing keywords outside the supported subset.
public enum JSONSchemaLoader {
    /// The keywords we evaluate or accept as annotations; any other keyword is an error, so a schema
    /// never silently means more to other tools than to us.
    public static let supportedKeywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "default", "examples",
        "deprecated", "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems",
        "uniqueItems", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
        "maxLength", "pattern", "format", "allOf", "anyOf", "oneOf", "if", "then", "else",
    ]

    /// Formats we check (others are refused).
    public static let supportedFormats: Set<String> = ["date"]

    /// Loads a root schema from JSON text.
    public static func load(json: String) throws(SchemaLoadError) -> JSONSchema {
        let document: SchemaValue
        do {
            document = try SchemaValue.parse(json: json)
        } catch {
            throw SchemaLoadError(pointer: "", message: "not valid JSON: \(error)")
        }
        guard case .object(let root) = document else {
            throw SchemaLoadError(pointer: "", message: "a schema must be a JSON object")
        }
        var definitions: [String: JSONSchema] = [:]
        if let defs = root["$defs"] {
            guard case .object(let defs) = defs else {
                throw SchemaLoadError(pointer: "/$defs", message: "$defs must be an object")
            }
            for (name, value) in defs {
                definitions[name] = try schema(value, pointer: "/$defs/\(name)", definitions: [:])
            }
        }
        let loaded = try schema(document, pointer: "", definitions: definitions)
        for (name, definition) in definitions {
            try checkRefs(definition, definitions: definitions, pointer: "/$defs/\(name)")
        }
        try checkRefs(loaded, definitions: definitions, pointer: "")
        return loaded
    }

    private static func checkRefs(
        _ schema: JSONSchema, definitions: [String: JSONSchema], pointer: String
    )
        throws(SchemaLoadError)
    {
        if let ref = schema.ref, definitions[ref] == nil {
            throw SchemaLoadError(pointer: pointer, message: "$ref names #/$defs/\(ref), which is not defined")
        }
        var children: [JSONSchema] = Array(schema.properties.values) + schema.allOf + schema.anyOf + schema.oneOf
        children += [schema.items, schema.ifSchema, schema.thenSchema, schema.elseSchema].compactMap { $0 }
        if case .schema(let extra) = schema.additionalProperties { children.append(extra) }
        for child in children {
            try checkRefs(child, definitions: definitions, pointer: pointer + "/…")
        }
    }

    private static func schema(
        _ value: SchemaValue, pointer: String, definitions: [String: JSONSchema]
    )
        throws(SchemaLoadError) -> JSONSchema
    {
        if case .bool(let flag) = value {
            // `true` accepts anything; `false` nothing (modelled as an impossible type list).
            return flag ? JSONSchema() : JSONSchema(types: [])
        }
        guard case .object(let object) = value else {
            throw SchemaLoadError(pointer: pointer, message: "a schema must be an object or a boolean")
        }
        for key in object.keys where !supportedKeywords.contains(key) {
            throw SchemaLoadError(pointer: pointer, message: "keyword '\(key)' is outside the supported subset")
        }
        let reader = KeywordReader(object: object, pointer: pointer)
        let types = try reader.types()
        var properties: [String: JSONSchema] = [:]
        var order: [String] = []
        if let raw = object["properties"] {
            guard case .object(let props) = raw else {
                throw SchemaLoadError(pointer: pointer + "/properties", message: "properties must be an object")
            }
            // A decoded dictionary does not keep key order: list required keys first, then the rest by name.
            let required = object["required"].flatMap(KeywordReader.strings) ?? []
            order = required.filter { props[$0] != nil } + props.keys.filter { !required.contains($0) }.sorted()
            for (name, sub) in props {
                properties[name] = try schema(sub, pointer: "\(pointer)/properties/\(name)", definitions: [:])
            }
        }
        var additional = JSONSchema.AdditionalProperties.allowed
        if let raw = object["additionalProperties"] {
            if case .bool(let flag) = raw {
                additional = flag ? .allowed : .forbidden
            } else {
                additional = .schema(try schema(raw, pointer: pointer + "/additionalProperties", definitions: [:]))
            }
        }
        func sub(_ key: String) throws(SchemaLoadError) -> JSONSchema? {
            guard let raw = object[key] else { return nil }
            return try schema(raw, pointer: "\(pointer)/\(key)", definitions: [:])
        }
        func list(_ key: String) throws(SchemaLoadError) -> [JSONSchema] {
            guard let raw = object[key] else { return [] }
            guard case .array(let array) = raw, !array.isEmpty else {
                throw SchemaLoadError(pointer: "\(pointer)/\(key)", message: "\(key) must be a non-empty array")
            }
            var result: [JSONSchema] = []
            for (index, element) in array.enumerated() {
                result.append(try schema(element, pointer: "\(pointer)/\(key)/\(index)", definitions: [:]))
            }
            return result
        }
        var ref: String?
        if let raw = object["$ref"] {
            guard case .string(let text) = raw, text.hasPrefix("#/$defs/") else {
                throw SchemaLoadError(
                    pointer: pointer + "/$ref", message: "only local #/$defs/NAME references are supported")
            }
            ref = String(text.dropFirst("#/$defs/".count))
        }
        let format = try reader.string("format")
        if let format, !supportedFormats.contains(format) {
            throw SchemaLoadError(pointer: pointer + "/format", message: "format '\(format)' is not supported")
        }
        var pattern: SchemaPattern?
        if let source = try reader.string("pattern") {
            do {
                pattern = try SchemaPattern(source: source)
            } catch {
                throw SchemaLoadError(pointer: pointer + "/pattern", message: "pattern does not compile: \(source)")
            }
        }
        return JSONSchema(
            types: types, properties: properties, propertyOrder: order,
            required: try reader.strings("required") ?? [], additionalProperties: additional,
            items: try sub("items"), enumValues: try reader.values("enum"), constValue: reader.value("const"),
            minimum: try reader.number("minimum"), maximum: try reader.number("maximum"),
            exclusiveMinimum: try reader.number("exclusiveMinimum"),
            exclusiveMaximum: try reader.number("exclusiveMaximum"),
            minLength: try reader.count("minLength"), maxLength: try reader.count("maxLength"),
            minItems: try reader.count("minItems"), maxItems: try reader.count("maxItems"),
            uniqueItems: try reader.bool("uniqueItems") ?? false, pattern: pattern, format: format, ref: ref,
            allOf: try list("allOf"), anyOf: try list("anyOf"), oneOf: try list("oneOf"),
            ifSchema: try sub("if"), thenSchema: try sub("then"), elseSchema: try sub("else"),
            title: try reader.string("title"), description: try reader.string("description"),
            defaultValue: reader.value("default"), examples: try reader.values("examples") ?? [],
            deprecated: try reader.bool("deprecated") ?? false, definitions: definitions)
    }
}
