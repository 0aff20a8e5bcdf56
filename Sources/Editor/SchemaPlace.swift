import Config

/// What the schema says about one place in a document, read through its `$ref`s.
///
/// A property's description usually sits on the referring schema (`"client": {"description": …,
/// "$ref": "#/$defs/slug"}`) while its type and pattern sit on the target; `chain` holds both,
/// referring schema first, and each fact is taken from the first schema of the chain that has it.
public struct SchemaPlace: Sendable {
    /// The schemas that apply, from the referring one to the last `$ref` target.
    public let chain: [JSONSchema]
    /// The key this place is the value of, when it is one.
    public let key: String?
    /// Whether the enclosing mapping requires the key.
    public let isRequired: Bool

    /// Makes a place from a schema and the `$ref`s it leads to.
    public init(schema: JSONSchema, key: String?, isRequired: Bool = false, validator: SchemaValidator) {
        var chain = [schema]
        var current = schema
        while let ref = current.ref, let target = validator.root.definitions[ref], chain.count < 32 {
            chain.append(target)
            current = target
        }
        self.chain = chain
        self.key = key
        self.isRequired = isRequired
    }

    /// The schema at the end of the `$ref`s, which holds the structural keywords.
    public var target: JSONSchema { chain[chain.count - 1] }

    /// The first description along the chain (the referring schema's wins).
    public var description: String? { chain.lazy.compactMap(\.description).first }

    /// The first title along the chain.
    public var title: String? { chain.lazy.compactMap(\.title).first }

    /// The value types allowed.
    public var types: [JSONType]? { chain.lazy.compactMap(\.types).first }

    /// The allowed values, when the place is an enumeration.
    public var enumValues: [SchemaValue]? { chain.lazy.compactMap(\.enumValues).first }

    /// The default value, when the schema gives one.
    public var defaultValue: SchemaValue? { chain.lazy.compactMap(\.defaultValue).first }

    /// The `$defs` names the chain passes through (`agentIdList`), for places known by name.
    public var definitionNames: [String] { chain.compactMap(\.ref) }

    /// Whether the value is a mapping.
    public var isObject: Bool { types?.contains(.object) == true || (types == nil && !target.properties.isEmpty) }

    /// Whether the value is a list.
    public var isArray: Bool { types?.contains(.array) == true }

    /// The first value of a numeric or length keyword along the chain.
    func first<Value>(_ keyword: KeyPath<JSONSchema, Value?>) -> Value? {
        chain.lazy.compactMap { $0[keyPath: keyword] }.first
    }
}

extension SchemaValidator {
    /// The place at a path of keys and item indexes, keeping the referring schemas; nil past the schema.
    public func place(at path: [SchemaPathComponent]) -> SchemaPlace? {
        var place = SchemaPlace(schema: root, key: nil, validator: self)
        for component in path {
            guard let next = child(of: place, component) else { return nil }
            place = next
        }
        return place
    }

    /// The place of one step below another: a property's value or a list's item.
    public func child(of place: SchemaPlace, _ component: SchemaPathComponent) -> SchemaPlace? {
        let parent = place.target
        switch component {
        case .key(let name):
            guard let schema = property(name, of: parent) else { return nil }
            return SchemaPlace(
                schema: schema, key: name, isRequired: requiredKeys(of: parent).contains(name), validator: self)
        case .index:
            guard let items = parent.items ?? parent.allOf.lazy.compactMap({ self.resolve($0).items }).first
            else { return nil }
            return SchemaPlace(schema: items, key: place.key, validator: self)
        }
    }

    /// The property names a mapping schema lists, in the schema file's order, including those of `allOf`/`then` branches.
    public func propertyNames(of schema: JSONSchema) -> [String] {
        let schema = resolve(schema)
        var names = schema.propertyOrder
        for branch in schema.allOf + [schema.thenSchema, schema.elseSchema].compactMap({ $0 }) {
            for name in propertyNames(of: branch) where !names.contains(name) {
                names.append(name)
            }
        }
        return names
    }

    /// The keys a mapping schema always requires (conditional `then` requirements are left out).
    func requiredKeys(of schema: JSONSchema) -> [String] {
        let schema = resolve(schema)
        return schema.required + schema.allOf.flatMap { requiredKeys(of: $0) }
    }
}
