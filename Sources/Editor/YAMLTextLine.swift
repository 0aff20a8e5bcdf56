import Config

/// One line of YAML read as plain text: indentation, `- ` indicators, a `key:`, its value and a comment.
///
/// Editor features use it where the parse tree is missing (the user is half-way through typing).
/// Columns are byte columns from the start of the line; the structure before a key (spaces and
/// dashes) is ASCII, so they agree with every other column unit there.
struct YAMLTextLine: Sendable, Hashable {
    /// A span of the line, in byte columns.
    struct Token: Sendable, Hashable {
        /// The text, without surrounding quotes for a quoted key.
        var text: String
        var start: Int
        var end: Int
    }

    /// A place on a line where a node begins: a list item's dash, a key, or a plain value.
    struct Point: Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            case dash
            case key(String)
            case scalar
        }

        var column: Int
        var kind: Kind

        var isDash: Bool { kind == .dash }
    }

    /// Zero-based line number.
    var number: Int
    /// Byte offset of the line's first byte in the file.
    var start: Int
    /// Number of bytes before the line break.
    var length: Int
    /// Columns of the `- ` indicators that open the line, left to right.
    var dashColumns: [Int] = []
    /// Column where the content after indentation and dashes begins (`length` when there is none).
    var contentColumn = 0
    /// The key, when the content is `key:` followed by a space or the end of the line.
    var key: Token?
    /// Column of the key's colon.
    var colonColumn: Int?
    /// The value after `key:` or the plain content of a keyless line, without a trailing comment.
    var value: Token?
    /// Column of a `#` that starts a comment.
    var commentColumn: Int?
    /// True for `---` and `...` lines, which separate documents.
    var isDocumentMarker = false

    /// Reads one line's bytes (without its line break).
    init(number: Int, start: Int, bytes: ArraySlice<UInt8>) {
        self.number = number
        self.start = start
        let line = Array(bytes)
        self.length = line.count
        lex(line)
    }

    /// The nodes this line begins, left to right.
    var points: [Point] {
        if isDocumentMarker { return [] }
        var points = dashColumns.map { Point(column: $0, kind: .dash) }
        if let key {
            points.append(Point(column: key.start, kind: .key(key.text)))
        } else if value != nil {
            points.append(Point(column: contentColumn, kind: .scalar))
        }
        return points
    }

    /// Whether the line holds nothing but spaces and perhaps a comment.
    var isBlank: Bool { points.isEmpty }

    /// Whether the value after the key begins a block scalar (`|`, `>-`, …): the lines below are text.
    var opensBlockScalar: Bool {
        guard key != nil, let first = value?.text.first else { return false }
        return first == "|" || first == ">"
    }

    // MARK: Lexing

    private mutating func lex(_ line: [UInt8]) {
        let space = UInt8(ascii: " ")
        var index = 0
        while index < line.count, line[index] == space { index += 1 }
        if index == 0, Self.isDocumentMarker(line) {
            isDocumentMarker = true
            contentColumn = line.count
            return
        }
        while index < line.count, line[index] == UInt8(ascii: "-"),
            index + 1 == line.count || line[index + 1] == space
        {
            dashColumns.append(index)
            index += 1
            while index < line.count, line[index] == space { index += 1 }
        }
        contentColumn = index
        guard index < line.count else { return }
        if line[index] == UInt8(ascii: "#") {
            commentColumn = index
            return
        }
        var valueStart = index
        if let (key, colon) = Self.key(in: line, from: index) {
            self.key = key
            self.colonColumn = colon
            valueStart = colon + 1
            while valueStart < line.count, line[valueStart] == space { valueStart += 1 }
        }
        let comment = Self.commentStart(in: line, from: valueStart)
        commentColumn = comment
        var valueEnd = comment ?? line.count
        while valueEnd > valueStart, line[valueEnd - 1] == space { valueEnd -= 1 }
        if valueEnd > valueStart {
            value = Token(
                text: String(decoding: line[valueStart..<valueEnd], as: UTF8.self), start: valueStart, end: valueEnd)
        }
    }

    private static func isDocumentMarker(_ line: [UInt8]) -> Bool {
        guard line.count >= 3 else { return false }
        let head = Array(line[0..<3])
        guard head == Array("---".utf8) || head == Array("...".utf8) else { return false }
        return line.count == 3 || line[3] == UInt8(ascii: " ")
    }

    /// A `key:` at `start` (plain or quoted), and the column of its colon.
    private static func key(in line: [UInt8], from start: Int) -> (Token, Int)? {
        let first = line[start]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard let close = closingQuote(in: line, from: start) else { return nil }
            var colon = close + 1
            while colon < line.count, line[colon] == UInt8(ascii: " ") { colon += 1 }
            guard colon < line.count, line[colon] == UInt8(ascii: ":"), isSeparator(line, after: colon) else {
                return nil
            }
            let name = String(decoding: line[(start + 1)..<close], as: UTF8.self)
            return (Token(text: name, start: start, end: close + 1), colon)
        }
        guard !"[{|>&*!%@`#,".utf8.contains(first) else { return nil }
        var index = start
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "#"), index > start, line[index - 1] == UInt8(ascii: " ") { return nil }
            if byte == UInt8(ascii: ":"), isSeparator(line, after: index) {
                var end = index
                while end > start, line[end - 1] == UInt8(ascii: " ") { end -= 1 }
                guard end > start else { return nil }
                let name = String(decoding: line[start..<end], as: UTF8.self)
                return (Token(text: name, start: start, end: end), index)
            }
            index += 1
        }
        return nil
    }

    private static func isSeparator(_ line: [UInt8], after index: Int) -> Bool {
        index + 1 == line.count || line[index + 1] == UInt8(ascii: " ") || line[index + 1] == UInt8(ascii: "\t")
    }

    /// The column of the quote closing the string that opens at `start`; nil when it stays open.
    static func closingQuote(in line: [UInt8], from start: Int) -> Int? {
        let quote = line[start]
        var index = start + 1
        while index < line.count {
            let byte = line[index]
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == quote {
                // '' inside a single-quoted string is an escaped quote.
                if quote == UInt8(ascii: "'"), index + 1 < line.count, line[index + 1] == quote {
                    index += 2
                    continue
                }
                return index
            }
            index += 1
        }
        return nil
    }

    /// The column of a `#` that starts a comment (preceded by a space, outside quotes), searching from `start`.
    private static func commentStart(in line: [UInt8], from start: Int) -> Int? {
        var index = start
        var tokenStart = true
        while index < line.count {
            let byte = line[index]
            if tokenStart, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = closingQuote(in: line, from: index) else { return nil }
                index = close + 1
                tokenStart = false
                continue
            }
            if byte == UInt8(ascii: "#"), index == start || line[index - 1] == UInt8(ascii: " ") {
                return index
            }
            tokenStart =
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: ",")
                || byte == UInt8(ascii: "{")
            index += 1
        }
        return nil
    }
}
