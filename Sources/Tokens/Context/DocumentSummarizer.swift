/// Makes the short outline of a document sent in its place (progressive expansion); pure and deterministic.
///
/// - Markdown: every ATX heading (`#` … `######`, outside code fences and front matter) and the first sentence
///   of the first paragraph under it (or under the document's start).
/// - Python: top-level `def`/`async def`/`class` lines and the methods directly inside a top-level class,
///   each with the first line of its docstring and of a `#` comment block heading it; the module docstring.
/// - Other code: declaration lines (`func`, `struct`, `class`, `enum`, `protocol`, `fn`, `function`,
///   `interface`, …) at column 0 or one indentation level in (up to four columns), each with the first line of
///   the comment heading it.
/// - Anything else: its first non-blank lines.
///
/// Lines are kept in document order until the next would take the outline past `maxTokens`.
public struct DocumentSummarizer: Sendable {
    /// The most tokens an outline may take (the note around it, added in the prompt, is counted separately).
    public var maxTokens: Int
    /// Counts tokens; by default `ApproximateTokens.count`.
    public var estimate: @Sendable (String) -> Int

    /// A summariser whose outlines take at most `maxTokens` as counted by `estimate`.
    public init(maxTokens: Int = 200, estimate: @escaping @Sendable (String) -> Int = ApproximateTokens.count) {
        self.maxTokens = maxTokens
        self.estimate = estimate
    }

    /// The outline of `document`, by the kind its path names.
    public func summarize(_ document: ContextDocument) -> DocumentSummary {
        let kind = DocumentKind(path: document.path)
        let lines = Self.sourceLines(document.text)
        let outline: [String]
        switch kind {
        case .markdown: outline = Self.markdownOutline(lines)
        case .python: outline = Self.pythonOutline(lines)
        case .code: outline = Self.codeOutline(lines)
        case .text: outline = lines.filter { !Self.isBlank($0) }.map { Self.trimmingTrailing($0) }
        }
        let (kept, truncated) = capped(outline)
        return DocumentSummary(kind: kind, lines: kept, truncated: truncated)
    }

    private func capped(_ outline: [String]) -> (lines: [String], truncated: Bool) {
        var kept: [String] = []
        var body = ""
        for line in outline {
            let candidate = kept.isEmpty ? line : body + "\n" + line
            if estimate(candidate) <= maxTokens {
                kept.append(line)
                body = candidate
                continue
            }
            // One long first line (minified code, a one-line paragraph) still yields an outline, cut to fit.
            if kept.isEmpty, let prefix = longestPrefix(of: line) { kept.append(prefix) }
            return (kept, true)
        }
        return (kept, false)
    }

    private func longestPrefix(of line: String) -> String? {
        let characters = Array(line)
        var low = 0
        var high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            if estimate(String(characters[..<middle]) + "…") <= maxTokens { low = middle } else { high = middle - 1 }
        }
        return low == 0 ? nil : String(characters[..<low]) + "…"
    }

    // MARK: Line helpers shared by the outliners.

    static func sourceLines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    static func isBlank(_ line: Substring) -> Bool { line.allSatisfy(\.isWhitespace) }

    static func trimmed(_ line: Substring) -> Substring {
        let start = line.firstIndex { !$0.isWhitespace } ?? line.endIndex
        return trimmingTrailing(line[start...])[...]
    }

    static func trimmingTrailing(_ line: Substring) -> String {
        var end = line.endIndex
        while end > line.startIndex, line[line.index(before: end)].isWhitespace { end = line.index(before: end) }
        return String(line[..<end])
    }

    /// Columns of leading indentation, a tab counting four.
    static func indentation(_ line: Substring) -> Int {
        var columns = 0
        for character in line {
            if character == " " {
                columns += 1
            } else if character == "\t" {
                columns += 4
            } else {
                break
            }
        }
        return columns
    }
}
