/// What kind of text a document holds, which decides how it is summarised (by its path's extension).
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Markdown: headings and the first sentence under each.
    case markdown
    /// Python: top-level `def`/`class` lines (and a top-level class's methods) with their docstrings.
    case python
    /// Other source code: declaration lines (`func`, `struct`, `class`, `fn`, …) with the comment heading each.
    case code
    /// Anything else: its first lines.
    case text

    /// The kind of the file at `path`, from its extension (case-insensitive).
    public init(path: String) {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            self = .text
            return
        }
        let ext = name[name.index(after: dot)...].lowercased()
        if Self.markdownExtensions.contains(ext) {
            self = .markdown
        } else if ext == "py" || ext == "pyi" {
            self = .python
        } else if Self.codeExtensions.contains(ext) {
            self = .code
        } else {
            self = .text
        }
    }

    private static let markdownExtensions: Set<String> = ["md", "markdown", "mdown", "mkd", "mdx"]
    private static let codeExtensions: Set<String> = [
        "swift", "js", "mjs", "cjs", "jsx", "ts", "tsx", "go", "rs", "java", "kt", "kts", "scala", "c", "h", "cc",
        "cpp", "hpp", "m", "mm", "cs", "rb", "php", "sh", "bash", "zsh", "lua", "dart",
    ]
}

/// A short outline of a document, sent in its place until the agent reads the full text.
public struct DocumentSummary: Sendable, Hashable, Codable {
    /// How the document was summarised.
    public var kind: DocumentKind
    /// The outline's lines, in document order.
    public var lines: [String]
    /// Whether lines were left out to stay within the summariser's token cap.
    public var truncated: Bool

    /// An outline of `kind` made of `lines`.
    public init(kind: DocumentKind, lines: [String], truncated: Bool) {
        self.kind = kind
        self.lines = lines
        self.truncated = truncated
    }

    /// The outline as text, one line each.
    public var text: String { lines.joined(separator: "\n") }
}
