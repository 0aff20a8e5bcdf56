import Config
import Model

/// A configuration file as an editor sees it: its text, kind, validation and schema, ready for
/// hover, completion, symbols and quick fixes.
///
/// Built once per version of the text; every feature is a pure function of it, with positions as
/// byte offsets and `SourceRange`s (which carry every column unit a client may ask for).
public struct ConfigDocument: Sendable {
    /// The outcome of validating the text (its parse tree, when it parses, and every diagnostic).
    public let validation: ConfigValidation
    /// The kind the text is treated as; nil for a file that is none of the four (or another tool's).
    public let kind: ConfigKind?
    /// The schema of `kind`.
    public let schema: SchemaValidator?
    /// The schemas of every kind, for a file whose kind is not known yet.
    let catalog: SchemaCatalog
    /// The text's lines read without parsing, for the parts the parser could not read.
    let outline: YAMLTextOutline

    /// Validates and indexes a text; `kind` forces the kind instead of detecting it.
    public init(text: String, kind forcedKind: ConfigKind? = nil, validator: ConfigValidator = ConfigValidator()) {
        self.init(bytes: Array(text.utf8), kind: forcedKind, validator: validator)
    }

    /// Validates and indexes a file's bytes; `kind` forces the kind instead of detecting it.
    public init(bytes: [UInt8], kind forcedKind: ConfigKind? = nil, validator: ConfigValidator = ConfigValidator()) {
        let validation = validator.validate(bytes, kind: forcedKind)
        self.validation = validation
        // While a line is being typed the file may not parse; its first column still names the kind.
        let kind =
            validation.kind ?? (validation.isForeign ? nil : ConfigKindDetector.kind(ofUnparsedText: validation.text))
        self.kind = kind
        self.catalog = validator.catalog
        self.schema = kind.flatMap { validator.catalog[$0] }
        self.outline = YAMLTextOutline(text: validation.text)
    }

    /// The text with its line index.
    public var text: SourceText { validation.text }

    /// Every diagnostic of the text.
    public var diagnostics: [Diagnostic] { validation.diagnostics }

    /// The root of the parse tree; nil while the text does not parse.
    public var root: YAMLNode? { validation.root }

    /// The byte offset of an LSP position (a line and a column counted in `encoding`).
    public func offset(line: Int, character: Int, encoding: PositionEncoding) -> Int {
        text.offset(line: line, column: character, encoding: encoding)
    }

    /// The range between two byte offsets.
    public func range(fromOffset start: Int, toOffset end: Int) -> SourceRange {
        text.range(fromOffset: start, toOffset: end)
    }

    /// The schema that describes a path: the document's own, or for a file of no known kind yet the
    /// kind whose top-level key starts the path.
    func schema(for path: [SchemaPathComponent]) -> SchemaValidator? {
        if let schema { return schema }
        guard !validation.isForeign, case .key(let first) = path.first,
            let kind = ConfigKind.allCases.first(where: { $0.topLevelKey == first })
        else { return nil }
        return catalog[kind]
    }

    /// The range of a span of a line, given in byte columns.
    func range(line: YAMLTextLine, from start: Int, to end: Int) -> SourceRange {
        text.range(fromOffset: line.start + start, toOffset: line.start + end)
    }
}
