import Model

/// A diagnostic in the shape of LSP's `Diagnostic`, with positions in a chosen encoding.
///
/// Used by `validate --format json` and by the language server, so both say the same thing.
public struct LSPDiagnostic: Codable, Sendable, Hashable {
    /// An LSP `Position`.
    public struct Position: Codable, Sendable, Hashable {
        public var line: Int
        public var character: Int
    }

    /// An LSP `Range`.
    public struct Range: Codable, Sendable, Hashable {
        public var start: Position
        public var end: Position

        public init(_ range: SourceRange, encoding: PositionEncoding) {
            start = Position(line: range.start.line, character: range.start.column(in: encoding))
            end = Position(line: range.end.line, character: range.end.column(in: encoding))
        }
    }

    /// An LSP `Location`.
    public struct Location: Codable, Sendable, Hashable {
        public var uri: String
        public var range: Range
    }

    /// An LSP `DiagnosticRelatedInformation`.
    public struct RelatedInformation: Codable, Sendable, Hashable {
        public var location: Location
        public var message: String
    }

    /// An LSP `TextEdit`.
    public struct TextEdit: Codable, Sendable, Hashable {
        public var range: Range
        public var newText: String

        /// An edit replacing `range` with `newText`.
        public init(range: Range, newText: String) {
            self.range = range
            self.newText = newText
        }
    }

    /// A quick fix carried in `data`, so a code action needs no second validation.
    public struct Fix: Codable, Sendable, Hashable {
        public var title: String
        public var edits: [TextEdit]
    }

    /// What travels in `data`.
    public struct Payload: Codable, Sendable, Hashable {
        public var fixes: [Fix]
    }

    public var range: Range
    public var severity: Int
    public var code: String
    public var source: String
    public var message: String
    public var relatedInformation: [RelatedInformation]?
    public var data: Payload?

    public init(_ diagnostic: Diagnostic, uri: String, encoding: PositionEncoding) {
        range = Range(diagnostic.range, encoding: encoding)
        severity = diagnostic.severity.rawValue
        code = diagnostic.code
        source = diagnostic.source
        message = diagnostic.message
        let related = diagnostic.related.map { item in
            RelatedInformation(
                location: Location(uri: item.file ?? uri, range: Range(item.range, encoding: encoding)),
                message: item.message)
        }
        relatedInformation = related.isEmpty ? nil : related
        let fixes = diagnostic.fixIts.map { fix in
            Fix(
                title: fix.title,
                edits: fix.edits.map { TextEdit(range: Range($0.range, encoding: encoding), newText: $0.newText) })
        }
        data = fixes.isEmpty ? nil : Payload(fixes: fixes)
    }
}
