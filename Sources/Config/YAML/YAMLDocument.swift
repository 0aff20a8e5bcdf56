import Model

/// One document of a YAML stream.
public struct YAMLDocument: Sendable {
    /// The document's root node; nil for a document with no content.
    public var root: YAMLNode?
    /// Where the document starts (its `---` when written).
    public var start: SourceRange
    /// Whether the document began with an explicit `---`.
    public var hasExplicitStart: Bool
}

/// What parsing a YAML stream produced: its documents, and the problems found on the way.
public struct YAMLParseResult: Sendable {
    /// The input with its line index.
    public var text: SourceText
    /// Documents read; when parsing stopped early, the ones completed before the problem.
    public var documents: [YAMLDocument]
    /// Syntax and structural problems (syntax errors, duplicate keys, limits).
    public var diagnostics: [Diagnostic]
    /// False when a problem stopped parsing before the end of the input.
    public var isComplete: Bool
}
