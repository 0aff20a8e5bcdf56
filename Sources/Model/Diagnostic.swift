/// A problem found in a file, shaped like an LSP diagnostic so every face can show it.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// How serious a diagnostic is; raw values are LSP's `DiagnosticSeverity`.
    public enum Severity: Int, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
        case error = 1
        case warning = 2
        case information = 3
        case hint = 4

        public var description: String {
            switch self {
            case .error: "error"
            case .warning: "warning"
            case .information: "info"
            case .hint: "hint"
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Another place that explains this diagnostic (the first of two duplicate keys, say).
    public struct Related: Sendable, Hashable, Codable {
        public var range: SourceRange
        public var message: String
        /// The file it is in, when it is not the diagnostic's own file.
        public var file: String?

        public init(range: SourceRange, message: String, file: String? = nil) {
            self.range = range
            self.message = message
            self.file = file
        }
    }

    public var range: SourceRange
    public var severity: Severity
    /// A stable identifier of the rule (`unknown-key`); the message may change, the code does not.
    public var code: String
    public var message: String
    public var source: String
    public var related: [Related]
    /// Mechanical fixes a tool may apply (an editor's quick fix).
    public var fixIts: [FixIt]

    public init(
        range: SourceRange,
        severity: Severity = .error,
        code: String,
        message: String,
        related: [Related] = [],
        fixIts: [FixIt] = [],
        source: String = "orchestrator"
    ) {
        self.range = range
        self.severity = severity
        self.code = code
        self.message = message
        self.related = related
        self.fixIts = fixIts
        self.source = source
    }
}

/// A named set of text edits that fixes a diagnostic.
public struct FixIt: Sendable, Hashable, Codable {
    /// One replacement of a range by new text.
    public struct Edit: Sendable, Hashable, Codable {
        public var range: SourceRange
        public var newText: String

        public init(range: SourceRange, newText: String) {
            self.range = range
            self.newText = newText
        }
    }

    public var title: String
    public var edits: [Edit]

    public init(title: String, edits: [Edit]) {
        self.title = title
        self.edits = edits
    }
}
