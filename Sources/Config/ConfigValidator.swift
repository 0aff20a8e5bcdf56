import Model

/// Validates configuration files of the four kinds: YAML structure, schema, then cross-field rules.
public struct ConfigValidator: Sendable {
    public var limits: YAMLLimits
    public var catalog: SchemaCatalog
    /// Most diagnostics reported for one file; the rest are counted in one final diagnostic, as compilers do.
    public var maxDiagnostics: Int

    /// Diagnostics kept per file unless a caller asks otherwise: more than a person reads before fixing the first.
    public static let defaultMaxDiagnostics = 100

    public init(
        limits: YAMLLimits = .default, catalog: SchemaCatalog = .builtIn,
        maxDiagnostics: Int = ConfigValidator.defaultMaxDiagnostics
    ) {
        self.limits = limits
        self.catalog = catalog
        self.maxDiagnostics = maxDiagnostics
    }

    /// Validates a file's bytes; `kind` forces the kind instead of detecting it.
    public func validate(_ bytes: [UInt8], kind forcedKind: ConfigKind? = nil) -> ConfigValidation {
        let parsed = YAMLParser.parse(bytes, limits: limits)
        var diagnostics = parsed.diagnostics
        let text = parsed.text
        let modeline = ConfigKindDetector.modeline(in: text)
        var kind: ConfigKind?
        var evidence: ConfigKindDetector.Evidence?
        if let forcedKind {
            (kind, evidence) = (forcedKind, .explicit)
        } else if case .ours(let named) = modeline {
            (kind, evidence) = (named, .modeline)
        } else if case .foreign = modeline {
            kind = nil
        } else if let named = ConfigKindDetector.kind(ofRoot: parsed.documents.first { $0.root != nil }?.root) {
            (kind, evidence) = (named, .topLevelKey)
        } else if !parsed.isComplete, let named = ConfigKindDetector.kind(ofUnparsedText: text) {
            (kind, evidence) = (named, .topLevelKey)
        }
        var result = ConfigValidation(
            kind: kind, evidence: evidence, isForeign: { if case .foreign = modeline { true } else { false } }(),
            text: text, documents: parsed.documents, diagnostics: [])

        let contentful = parsed.documents.filter { $0.root != nil }
        if parsed.isComplete && contentful.isEmpty {
            let expected =
                kind.map { "a \($0.rawValue) (starting with `\($0.topLevelKey):`)" }
                ?? "a mapping whose top-level key is project, agent, policy or skill"
            diagnostics.append(
                Diagnostic(
                    range: .zero, code: DiagnosticCode.emptyFile, message: "file has no content; expected \(expected)"))
        } else if kind == nil && !result.isForeign && parsed.isComplete {
            diagnostics.append(
                Diagnostic(
                    range: contentful.first?.root.map { SourceRange(at: $0.range.start) } ?? .zero,
                    code: DiagnosticCode.unknownKind,
                    message: "cannot tell what kind of configuration this is: expected a top-level key project "
                        + "(intake), agent, policy or skill, or a `# yaml-language-server: $schema=…` comment"))
        }
        if let kind, let schema = catalog[kind] {
            for (index, document) in parsed.documents.enumerated() {
                if index > 0 {
                    diagnostics.append(
                        Diagnostic(
                            range: document.start, code: DiagnosticCode.multipleDocuments,
                            message: "a configuration file holds one document; this is document \(index + 1) "
                                + "(split the file, or remove the `---` line)"))
                }
                guard let root = document.root else { continue }
                diagnostics += schema.validate(root, text: text)
                diagnostics += ConfigRules.check(root, kind: kind, text: text)
            }
        }
        result.diagnostics = Self.capped(
            diagnostics.sorted { lhs, rhs in
                (lhs.range.start.offset, lhs.range.end.offset, lhs.code) < (
                    rhs.range.start.offset, rhs.range.end.offset, rhs.code
                )
            }, at: maxDiagnostics)
        return result
    }

    /// The first `limit` diagnostics and, when there were more, one that counts the rest at the first left out.
    ///
    /// It takes the severity of the worst one left out, so a file whose errors were all cut still has an error.
    static func capped(_ diagnostics: [Diagnostic], at limit: Int) -> [Diagnostic] {
        let limit = max(limit, 0)
        guard diagnostics.count > limit + 1 else { return diagnostics }
        let omitted = diagnostics[limit...]
        let errors = omitted.count { $0.severity == .error }
        let counts = [(errors, "error"), (omitted.count - errors, "warning")].filter { $0.0 > 0 }
            .map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }.joined(separator: ", ")
        let summary = Diagnostic(
            range: omitted[omitted.startIndex].range,
            severity: omitted.map(\.severity).min() ?? .error,
            code: DiagnosticCode.tooManyDiagnostics,
            message:
                "\(omitted.count) more problems in this file are not shown (\(counts)); only the first \(limit) are "
                + "reported. Fix these and validate again")
        return Array(diagnostics[..<limit]) + [summary]
    }

    /// Validates text held in memory (an editor buffer).
    public func validate(text: String, kind: ConfigKind? = nil) -> ConfigValidation {
        validate(Array(text.utf8), kind: kind)
    }
}
