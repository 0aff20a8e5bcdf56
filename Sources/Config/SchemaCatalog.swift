import Model

/// The schemas of the four configuration kinds, loaded once from the copies the binary embeds.
public struct SchemaCatalog: Sendable {
    /// The schema of each kind, ready to evaluate.
    public let validators: [ConfigKind: SchemaValidator]

    /// Loads the schema texts of every kind.
    public init(texts: [ConfigKind: String]) throws(SchemaLoadError) {
        var validators: [ConfigKind: SchemaValidator] = [:]
        for (kind, text) in texts {
            do {
                validators[kind] = SchemaValidator(root: try JSONSchemaLoader.load(json: text))
            } catch {
                throw SchemaLoadError(pointer: error.pointer, message: "\(kind.schemaFileName): \(error.message)")
            }
        }
        self.validators = validators
    }

    /// The schemas this binary was built with (`protocol/schemas/`).
    public static let builtIn: SchemaCatalog = {
        var texts: [ConfigKind: String] = [:]
        for kind in ConfigKind.allCases {
            texts[kind] = EmbeddedResources.schemas[kind.schemaFileName]
        }
        do {
            return try SchemaCatalog(texts: texts)
        } catch {
            // The embedded schemas are build-time constants that EmbeddedResourcesTests loads; reaching
            // this means the binary was built from a broken tree.
            preconditionFailure("embedded schema does not load: \(error)")
        }
    }()

    /// The raw text of a kind's embedded schema (what `rpc.discover` and `schema` print).
    public static func embeddedText(of kind: ConfigKind) -> String? {
        EmbeddedResources.schemas[kind.schemaFileName]
    }

    public subscript(kind: ConfigKind) -> SchemaValidator? { validators[kind] }
}
