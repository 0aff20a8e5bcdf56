/// Splits Swift or JS/TS source into the tokens complexity counting needs, dropping strings,
/// comments and (in JS) regex literals.
struct ComplexityLexer {
    let scalars: [Unicode.Scalar]
    let swift: Bool
    private var index = 0
    private var line = 0
    private var result: [ComplexityBraces.Token] = []

    init(scalars: [Unicode.Scalar], swift: Bool) {
        self.scalars = scalars
        self.swift = swift
    }

    private static let pairs: Set<String> = ["&&", "||", "??", "?.", "=>", "->"]
    /// Tokens after which a JS `/` starts a regex literal rather than a division.
    private static let regexLeads: Set<String> = [
        "(", ",", "=", ":", "[", "!", "&&", "||", "?", "{", "}", ";", "return", "typeof", "=>", "&", "|", "+", "-",
        "*", "%", "<", ">", "~", "^", "case", "in", "of", "??",
    ]

    consuming func tokens() -> [ComplexityBraces.Token] {
        while index < scalars.count {
            let scalar = scalars[index]
            let spaceBefore = index == 0 || scalars[index - 1].properties.isWhitespace
            if scalar == "\n" {
                line += 1
                index += 1
            } else if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "/" && peek(1) == "/" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "/" && peek(1) == "*" {
                skipBlockComment()
            } else if scalar == "\"" || (!swift && (scalar == "'" || scalar == "`")) {
                skipString(quote: scalar, hashes: 0)
            } else if swift && scalar == "#" && rawStringHashes() != nil {
                let hashes = rawStringHashes() ?? 0
                index += hashes
                skipString(quote: "\"", hashes: hashes)
            } else if swift && scalar == "`" {
                index += 1
                let start = index
                while index < scalars.count, scalars[index] != "`", scalars[index] != "\n" { index += 1 }
                emit(String(String.UnicodeScalarView(scalars[start..<index])), spaceBefore: spaceBefore)
                index += 1
            } else if !swift && scalar == "/" && Self.regexLeads.contains(result.last?.text ?? "(") {
                skipRegex()
            } else if scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic || scalar == "#" {
                let start = index
                index += 1
                while index < scalars.count,
                    scalars[index] == "_" || scalars[index] == "$" || scalars[index].properties.isAlphabetic
                        || scalars[index].properties.numericType != nil
                {
                    index += 1
                }
                emit(String(String.UnicodeScalarView(scalars[start..<index])), spaceBefore: spaceBefore)
            } else if scalar.properties.numericType != nil {
                while index < scalars.count,
                    scalars[index].properties.numericType != nil || scalars[index] == "." || scalars[index] == "_"
                        || scalars[index].properties.isAlphabetic
                {
                    index += 1
                }
                emit("0", spaceBefore: spaceBefore)
            } else {
                let pair = String(String.UnicodeScalarView([scalar, peek(1) ?? " "]))
                if Self.pairs.contains(pair) {
                    index += 2
                    emit(pair, spaceBefore: spaceBefore)
                } else {
                    index += 1
                    emit(String(scalar), spaceBefore: spaceBefore)
                }
            }
        }
        return result
    }

    private mutating func emit(_ text: String, spaceBefore: Bool) {
        result.append(ComplexityBraces.Token(text: text, line: line, spaceBefore: spaceBefore))
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// The number of `#` before a `"` at the cursor (a Swift raw string), or nil.
    private func rawStringHashes() -> Int? {
        var count = 0
        while let scalar = peek(count), scalar == "#" { count += 1 }
        return peek(count) == "\"" ? count : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1 }
        index += 1
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while index < scalars.count {
            if scalars[index] == "/" && peek(1) == "*" {
                depth += 1
                index += 2
            } else if scalars[index] == "*" && peek(1) == "/" {
                depth -= 1
                index += 2
                if depth == 0 || !swift { return }
            } else {
                advance()
            }
        }
    }

    /// Skips a string from its opening quote, including interpolated code (`\(…)`, `${…}`).
    private mutating func skipString(quote: Unicode.Scalar, hashes: Int) {
        let triple = quote == "\"" && peek(1) == "\"" && peek(2) == "\""
        index += triple ? 3 : 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" && hashes == 0 {
                if swift && peek(1) == "(" {
                    index += 1
                    skipCode(open: "(", close: ")")
                } else {
                    index += 1
                    if index < scalars.count { advance() }
                }
                continue
            }
            if quote == "`" && scalar == "$" && peek(1) == "{" {
                index += 1
                skipCode(open: "{", close: "}")
                continue
            }
            if scalar == "\n" && !triple && quote != "`" { return }
            if scalar == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                let length = triple ? 3 : 1
                if (0..<hashes).allSatisfy({ peek(length + $0) == "#" }) {
                    index += length + hashes
                    return
                }
            }
            advance()
        }
    }

    /// Skips balanced code from an opening bracket at the cursor, stepping over nested strings.
    private mutating func skipCode(open: Unicode.Scalar, close: Unicode.Scalar) {
        var depth = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" || (!swift && (scalar == "'" || scalar == "`")) {
                skipString(quote: scalar, hashes: 0)
                continue
            }
            if scalar == open { depth += 1 }
            if scalar == close {
                depth -= 1
                if depth == 0 {
                    index += 1
                    return
                }
            }
            advance()
        }
    }

    private mutating func skipRegex() {
        index += 1
        var inClass = false
        while index < scalars.count, scalars[index] != "\n" {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if scalar == "[" { inClass = true }
            if scalar == "]" { inClass = false }
            index += 1
            if scalar == "/" && !inClass { break }
        }
        while index < scalars.count, scalars[index].properties.isAlphabetic { index += 1 }
    }
}
