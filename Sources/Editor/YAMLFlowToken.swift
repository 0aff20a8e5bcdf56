import Config

/// One token of YAML flow text (`{name: x, phases: [qa, "data"]}`), read as plain text.
///
/// Completion reads flow collections the user is still typing, which libyaml rejects; lexing them
/// by hand keeps quotes and comments from being mistaken for brackets, commas and colons.
struct YAMLFlowToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// `{` (a mapping) or `[` (a sequence).
        case open(isMapping: Bool)
        /// `}` or `]`.
        case close
        /// `,` between entries.
        case comma
        /// A `:` that ends a key; one inside a plain word (`a:b`, `http://x`) is part of the word.
        case colon
        /// A plain or quoted scalar; an unclosed quote runs to the end of the lexed bytes.
        case scalar(quote: UInt8?, isClosed: Bool)
    }

    var kind: Kind
    /// Byte offset of the first byte (an opening quote included).
    var start: Int
    /// Byte offset just past the last byte (a closing quote included; trailing spaces excluded).
    var end: Int
    /// A scalar's text without its quotes (escapes are left as written).
    var text: String

    /// Whether the token is a scalar.
    var isScalar: Bool {
        if case .scalar = kind { return true }
        return false
    }

    /// Whether a cursor at `offset` is typing this scalar: anywhere in a plain word (its ends
    /// included), or after the opening quote and before the closing one of a quoted string.
    func holds(_ offset: Int) -> Bool {
        switch kind {
        case .scalar(nil, _): start <= offset && offset <= end
        case .scalar(_, true): start < offset && offset < end
        case .scalar(_, false): start < offset && offset <= end
        default: false
        }
    }

    /// The tokens of `bytes[from..<to]`, which begins at a `{` or `[`; line breaks count as spaces.
    static func tokens(in bytes: [UInt8], from: Int, to: Int) -> [YAMLFlowToken] {
        // A copy of the span, so an unclosed quote is searched for only up to its end.
        let span = Array(bytes[from..<to])
        var tokens: [YAMLFlowToken] = []
        var index = 0
        while index < span.count {
            let byte = span[index]
            let single: Kind? =
                switch byte {
                case UInt8(ascii: "{"): .open(isMapping: true)
                case UInt8(ascii: "["): .open(isMapping: false)
                case UInt8(ascii: "}"), UInt8(ascii: "]"): .close
                case UInt8(ascii: ","): .comma
                case UInt8(ascii: ":") where isColonIndicator(span, index, after: tokens.last, base: from): .colon
                default: nil
                }
            if let single {
                tokens.append(YAMLFlowToken(kind: single, start: from + index, end: from + index + 1, text: ""))
                index += 1
            } else if isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "#"), index == 0 || isSpace(span[index - 1]) {
                while index < span.count, !isLineBreak(span[index]) { index += 1 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let close = YAMLTextLine.closingQuote(in: span, from: index)
                let end = close.map { $0 + 1 } ?? span.count
                let inner = String(decoding: span[(index + 1)..<max(index + 1, close ?? end)], as: UTF8.self)
                tokens.append(
                    YAMLFlowToken(
                        kind: .scalar(quote: byte, isClosed: close != nil), start: from + index, end: from + end,
                        text: inner))
                index = end
            } else {
                let end = plainEnd(span, from: index)
                var trimmed = end
                while trimmed > index, isSpace(span[trimmed - 1]) { trimmed -= 1 }
                tokens.append(
                    YAMLFlowToken(
                        kind: .scalar(quote: nil, isClosed: true), start: from + index, end: from + trimmed,
                        text: String(decoding: span[index..<trimmed], as: UTF8.self)))
                index = end
            }
        }
        return tokens
    }

    /// Where a plain word that starts at `start` ends: at a flow indicator, a `: `, a ` #` or the line's end.
    private static func plainEnd(_ span: [UInt8], from start: Int) -> Int {
        var index = start
        while index < span.count {
            let byte = span[index]
            if isLineBreak(byte) || "{}[],".utf8.contains(byte) { break }
            if byte == UInt8(ascii: ":"), isColonIndicator(span, index, after: nil, base: 0) { break }
            if byte == UInt8(ascii: "#"), index > start, isSpace(span[index - 1]) { break }
            index += 1
        }
        return index
    }

    /// Whether the `:` at `index` separates a key from its value: followed by a space, a flow
    /// indicator or the end, or right after a quoted key (`"a":b`, as JSON writes it).
    private static func isColonIndicator(
        _ span: [UInt8], _ index: Int, after previous: YAMLFlowToken?, base: Int
    )
        -> Bool
    {
        if let previous, case .scalar(.some, true) = previous.kind, previous.end == base + index {
            return true
        }
        guard index + 1 < span.count else { return true }
        let next = span[index + 1]
        return isSpace(next) || "{}[],".utf8.contains(next)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || isLineBreak(byte)
    }

    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
