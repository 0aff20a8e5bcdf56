import Config
import Model

/// One change to a text as LSP's `didChange` sends it: a range and its replacement, or the whole text.
public struct TextChange: Sendable, Hashable {
    /// A line and a column counted in the client's position encoding (an LSP `Position`).
    public struct Position: Sendable, Hashable {
        /// Zero-based line.
        public var line: Int
        /// Zero-based column, in the client's position encoding.
        public var character: Int

        /// A position at a line and column.
        public init(line: Int, character: Int) {
            self.line = line
            self.character = character
        }
    }

    /// The span a change replaces (an LSP `Range`).
    public struct Range: Sendable, Hashable {
        /// Where the span starts.
        public var start: Position
        /// Where the span ends (exclusive).
        public var end: Position

        /// A span between two positions.
        public init(start: Position, end: Position) {
            self.start = start
            self.end = end
        }
    }

    /// The span replaced; nil replaces the whole text.
    public var range: Range?
    /// The new text.
    public var text: String

    /// A change of a range.
    public init(start: Position, end: Position, text: String) {
        self.range = Range(start: start, end: end)
        self.text = text
    }

    /// A change of the whole text.
    public init(replacingAllWith text: String) {
        self.range = nil
        self.text = text
    }

    /// A change of an LSP range (as decoded from `TextDocumentContentChangeEvent`), or of the whole text.
    public init(range: LSPDiagnostic.Range?, text: String) {
        self.range = range.map {
            Range(
                start: Position(line: $0.start.line, character: $0.start.character),
                end: Position(line: $0.end.line, character: $0.end.character))
        }
        self.text = text
    }
}

/// The text of an open document, kept in step with an editor by applying its changes in order.
///
/// Positions are converted with the text as it is when each change arrives (as LSP requires),
/// counting columns in the negotiated encoding; a line break may be `\n`, `\r\n` or `\r`.
public struct TextBuffer: Sendable, Hashable {
    /// The text's UTF-8 bytes.
    public private(set) var bytes: [UInt8]

    /// A buffer holding a text.
    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    /// The current text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Applies one change.
    public mutating func apply(_ change: TextChange, encoding: PositionEncoding) {
        let replacement = Array(change.text.utf8)
        guard let range = change.range else {
            bytes = replacement
            return
        }
        let index = SourceText(bytes: bytes)
        let start = index.offset(line: range.start.line, column: range.start.character, encoding: encoding)
        let end = index.offset(line: range.end.line, column: range.end.character, encoding: encoding)
        bytes.replaceSubrange(min(start, end)..<max(start, end), with: replacement)
    }

    /// Applies changes in the order given (each against the text the previous ones produced).
    public mutating func apply(_ changes: [TextChange], encoding: PositionEncoding) {
        for change in changes { apply(change, encoding: encoding) }
    }

    /// A text with changes applied.
    public static func applying(_ changes: [TextChange], to text: String, encoding: PositionEncoding) -> String {
        var buffer = TextBuffer(text)
        buffer.apply(changes, encoding: encoding)
        return buffer.text
    }
}
