/// Python functions found by indentation, over logical lines with strings and comments removed.
enum ComplexityPython {
    /// A logical line: its indentation, zero-based first line, and its words.
    struct LogicalLine {
        var indent: Int
        var line: Int
        var words: [String]
    }

    static let decisions: Set<String> = ["if", "elif", "for", "while", "except", "and", "or"]

    static func functions(in text: String) -> [ComplexityReport.Function] {
        var finished: [ComplexityReport.Function] = []
        var stack: [(indent: Int, function: ComplexityReport.Function)] = []
        for logical in logicalLines(Array(text.unicodeScalars)) {
            while let top = stack.last, top.indent >= logical.indent {
                finished.append(top.function)
                stack.removeLast()
            }
            let words = logical.words.first == "async" ? Array(logical.words.dropFirst()) : logical.words
            if words.first == "def" {
                let name = words.count > 1 ? words[1] : "<def>"
                stack.append((logical.indent, ComplexityReport.Function(name: name, line: logical.line, complexity: 1)))
            }
            guard !stack.isEmpty else { continue }
            var count = logical.words.filter { decisions.contains($0) }.count
            if logical.words.first == "case" { count += 1 }
            stack[stack.count - 1].function.complexity += count
        }
        finished += stack.reversed().map(\.function)
        return finished.sorted { $0.line < $1.line }
    }

    /// Splits source into logical lines, joining bracketed and backslash-continued lines.
    static func logicalLines(_ scalars: [Unicode.Scalar]) -> [LogicalLine] {
        var lines: [LogicalLine] = []
        var index = 0
        var line = 0
        var depth = 0
        var current: LogicalLine?
        var atLineStart = true
        while index < scalars.count {
            let scalar = scalars[index]
            if atLineStart && depth == 0 && current == nil {
                var indent = 0
                while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" {
                    indent = scalars[index] == "\t" ? (indent / 8 + 1) * 8 : indent + 1
                    index += 1
                }
                atLineStart = false
                if index < scalars.count, scalars[index] != "\n", scalars[index] != "\r", scalars[index] != "#" {
                    current = LogicalLine(indent: indent, line: line, words: [])
                }
                continue
            }
            atLineStart = false
            switch scalar {
            case "\n":
                line += 1
                index += 1
                atLineStart = true
                if depth == 0, let finished = current {
                    lines.append(finished)
                    current = nil
                }
            case "#":
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "\\":
                index += 1
                if index < scalars.count, scalars[index] == "\r" { index += 1 }
                if index < scalars.count, scalars[index] == "\n" {
                    line += 1
                    index += 1
                }
            case "(", "[", "{":
                depth += 1
                index += 1
            case ")", "]", "}":
                depth = Swift.max(depth - 1, 0)
                index += 1
            case "\"", "'":
                skipString(scalars, at: &index, line: &line)
            default:
                if scalar == "_" || scalar.properties.isAlphabetic {
                    let start = index
                    while index < scalars.count,
                        scalars[index] == "_" || scalars[index].properties.isAlphabetic
                            || scalars[index].properties.numericType != nil
                    {
                        index += 1
                    }
                    let word = String(String.UnicodeScalarView(scalars[start..<index]))
                    if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'", word.count <= 2,
                        word.lowercased().allSatisfy({ "rbuf".contains($0) })
                    {
                        skipString(scalars, at: &index, line: &line)
                    } else {
                        current?.words.append(word)
                    }
                } else {
                    index += 1
                }
            }
        }
        if let current { lines.append(current) }
        return lines
    }

    /// Skips a string literal starting at its opening quote (single or triple).
    static func skipString(_ scalars: [Unicode.Scalar], at index: inout Int, line: inout Int) {
        let quote = scalars[index]
        let triple = index + 2 < scalars.count && scalars[index + 1] == quote && scalars[index + 2] == quote
        index += triple ? 3 : 1
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                if index + 1 < scalars.count, scalars[index + 1] == "\n" { line += 1 }
                index += 2
                continue
            }
            if scalar == "\n" {
                if !triple { return }
                line += 1
            }
            if scalar == quote {
                if !triple {
                    index += 1
                    return
                }
                if index + 2 < scalars.count, scalars[index + 1] == quote, scalars[index + 2] == quote {
                    index += 3
                    return
                }
            }
            index += 1
        }
    }
}
