import Model

/// Evaluates a YAML tree against a schema, reporting every violation at the range of the node at fault.
public struct SchemaValidator: Sendable {
    /// The root schema; its `$defs` resolve every `$ref`.
    public let root: JSONSchema

    public init(root: JSONSchema) {
        self.root = root
    }

    /// All violations of the schema by a document's root node.
    public func validate(_ node: YAMLNode, text: SourceText) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var walk = SchemaWalk(root: root, text: text)
        walk.check(node, root, SchemaLocation.top, &diagnostics)
        return diagnostics
    }

    /// The schema that applies at a path of keys and item indexes, following `$ref`s; nil past the schema.
    ///
    /// Used by editor features (hover, completion) to find what the schema says about a place.
    public func schema(at path: [SchemaPathComponent]) -> JSONSchema? {
        var current: JSONSchema = resolve(root)
        for component in path {
            switch component {
            case .key(let name):
                guard let next = property(name, of: current) else { return nil }
                current = resolve(next)
            case .index:
                guard let items = current.items ?? current.allOf.lazy.compactMap({ self.resolve($0).items }).first
                else { return nil }
                current = resolve(items)
            }
        }
        return current
    }

    /// The schema of a named property, looking through `allOf` and `if`/`then` branches as well.
    public func property(_ name: String, of schema: JSONSchema) -> JSONSchema? {
        let schema = resolve(schema)
        if let found = schema.properties[name] { return found }
        for branch in schema.allOf + [schema.thenSchema, schema.elseSchema].compactMap({ $0 }) {
            if let found = property(name, of: branch) { return found }
        }
        if case .schema(let extra) = schema.additionalProperties { return extra }
        return nil
    }

    /// Follows `$ref`s to the schema they name.
    public func resolve(_ schema: JSONSchema) -> JSONSchema {
        var current = schema
        var hops = 0
        while let ref = current.ref, let target = root.definitions[ref], hops < 32 {
            current = target
            hops += 1
        }
        return current
    }
}

/// One step of a path into a document: a mapping key or a list index.
public enum SchemaPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)
}
