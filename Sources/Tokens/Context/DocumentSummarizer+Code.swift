extension DocumentSummarizer {
    /// The module docstring, then top-level `def`/`class` lines and a top-level class's methods, each with the
    /// first line of the `#` comment above it and of its docstring.
    static func pythonOutline(_ lines: [Substring]) -> [String] {
        var outline: [String] = []
        var insideString = false
        var seenStatement = false
        var insideTopClass = false
        var memberIndentation: Int?
        for (index, raw) in lines.enumerated() {
            let line = trimmed(raw)
            if insideString {
                if tripleQuotes(in: line) % 2 == 1 { insideString = false }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let indent = indentation(raw)
            if !seenStatement {
                seenStatement = true
                if let docstring = docstringLine(lines, at: index) { outline.append(docstring) }
            }
            if indent == 0 && !line.hasPrefix("@") {
                insideTopClass = line.hasPrefix("class ")
                memberIndentation = nil
            } else if insideTopClass && memberIndentation == nil && indent > 0 {
                memberIndentation = indent
            }
            if tripleQuotes(in: line) % 2 == 1 { insideString = true }
            let declares = line.hasPrefix("def ") || line.hasPrefix("async def ") || line.hasPrefix("class ")
            guard declares && (indent == 0 || (insideTopClass && indent == memberIndentation)) else { continue }
            if let comment = headingComment(lines, above: index, pythonStyle: true) { outline.append(comment) }
            let (signature, end) = pythonSignature(lines, from: index)
            outline.append(signature)
            if let next = lines[(end + 1)...].firstIndex(where: { !isBlank($0) }),
                let docstring = docstringLine(lines, at: next)
            {
                outline.append(String(repeating: " ", count: indent + 4) + docstring)
            }
        }
        return outline
    }

    /// Declaration lines at column 0 or one level in, each with the first line of the comment heading it.
    static func codeOutline(_ lines: [Substring]) -> [String] {
        var outline: [String] = []
        for (index, raw) in lines.enumerated() {
            guard indentation(raw) <= 4, isDeclaration(trimmed(raw)) else { continue }
            if let comment = headingComment(lines, above: index, pythonStyle: false) { outline.append(comment) }
            var line = trimmingTrailing(raw)
            if line.hasSuffix("{") { line = trimmingTrailing(line.dropLast()[...]) }
            outline.append(line)
        }
        return outline
    }

    private static func isDeclaration(_ line: Substring) -> Bool {
        for word in line.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            if word.hasPrefix("@") || word.hasPrefix("pub(") || modifiers.contains(String(word)) { continue }
            let keyword = String(word.prefix { $0.isLetter })
            guard declarationKeywords.contains(keyword) else { return false }
            // `struct Box<T>` and `init(x: Int)` glue the keyword to what follows; `type(of: x)` is a call.
            let next = word.dropFirst(keyword.count).first
            return next == nil || next == "<" || (next == "(" && keyword == "init")
        }
        return false
    }

    private static let declarationKeywords: Set<String> = [
        "actor", "class", "def", "enum", "extension", "fn", "func", "function", "impl", "init", "interface",
        "macro", "module", "protocol", "struct", "trait", "type", "typealias",
    ]
    private static let modifiers: Set<String> = [
        "abstract", "async", "convenience", "default", "export", "extern", "fileprivate", "final", "indirect",
        "internal", "mutating", "nonisolated", "nonmutating", "open", "override", "package", "private",
        "protected", "pub", "public", "required", "sealed", "static", "unsafe",
    ]

    /// The first meaningful line of the comment block directly above `index` (attributes and decorators skipped).
    private static func headingComment(_ lines: [Substring], above index: Int, pythonStyle: Bool) -> String? {
        var cursor = index - 1
        while cursor >= 0 {
            let line = trimmed(lines[cursor])
            guard line.hasPrefix("@") || line.hasPrefix("#[") else { break }
            cursor -= 1
        }
        var first: String?
        while cursor >= 0 {
            let line = trimmed(lines[cursor])
            guard isComment(line, pythonStyle: pythonStyle) else { break }
            if line.contains(where: { $0.isLetter || $0.isNumber }) { first = trimmingTrailing(lines[cursor]) }
            cursor -= 1
        }
        return first
    }

    private static func isComment(_ line: Substring, pythonStyle: Bool) -> Bool {
        if pythonStyle { return line.hasPrefix("#") }
        if line.hasPrefix("//") || line.hasPrefix("/*") || line.hasPrefix("*") { return true }
        // A shell or Ruby comment, not a C preprocessor line (`#include`).
        return line == "#" || line.hasPrefix("# ") || line.hasPrefix("#!")
    }

    /// The `def`/`class` statement up to its closing `:`, wrapped lines joined (at most six).
    private static func pythonSignature(_ lines: [Substring], from index: Int) -> (String, end: Int) {
        var signature = trimmingTrailing(lines[index])
        var end = index
        while !signature.hasSuffix(":") && end + 1 < lines.count && end - index < 5 {
            end += 1
            signature += " " + trimmed(lines[end])
        }
        return (signature, end)
    }

    /// `"""first line"""` of the docstring opening at `index`, if that line opens one.
    private static func docstringLine(_ lines: [Substring], at index: Int) -> String? {
        var line = trimmed(lines[index])
        line = line.drop { "rRuUbB".contains($0) }
        guard let quote = ["\"\"\"", "'''"].first(where: { line.hasPrefix($0) }) else { return nil }
        var text = trimmed(line.dropFirst(3))
        if text.isEmpty, index + 1 < lines.count { text = trimmed(lines[index + 1]) }
        if let close = text.firstRange(of: quote) { text = trimmed(text[..<close.lowerBound]) }
        return text.isEmpty ? nil : "\"\"\"\(text)\"\"\""
    }

    private static func tripleQuotes(in line: Substring) -> Int {
        line.ranges(of: "\"\"\"").count + line.ranges(of: "'''").count
    }
}
