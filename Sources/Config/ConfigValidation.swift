import Model

/// The outcome of validating one configuration file: its kind, its documents and every diagnostic.
public struct ConfigValidation: Sendable {
    /// The kind the file was validated as; nil when it is none of the four (then `diagnostics` says why).
    public var kind: ConfigKind?
    /// How the kind was decided.
    public var evidence: ConfigKindDetector.Evidence?
    /// True when a modeline names another tool's schema: the file is not ours to judge.
    public var isForeign: Bool
    /// The file's text and line index (positions in diagnostics refer to it).
    public var text: SourceText
    /// The documents parsed (normally one).
    public var documents: [YAMLDocument]
    /// Every problem, sorted by position.
    public var diagnostics: [Diagnostic]

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The root of the first document, when there is one.
    public var root: YAMLNode? { documents.first?.root }
}
