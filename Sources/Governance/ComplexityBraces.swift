/// Swift and JS/TS functions found by braces, over tokens with strings and comments removed.
enum ComplexityBraces {
    /// A token: a word, or one or two punctuation characters.
    struct Token {
        var text: String
        var line: Int
        var spaceBefore: Bool
    }

    static let swiftConditionLeads: Set<String> = ["if", "guard", "while", "for", ","]
    static let jsNotMethods: Set<String> = [
        "if", "for", "while", "switch", "catch", "function", "return", "with", "typeof", "await", "new", "super",
        "import", "yield", "delete", "void", "in", "of", "do", "else",
    ]
    static let swiftDeclarations: Set<String> = [
        "var", "let", "case", "typealias", "associatedtype", "struct", "class", "enum", "protocol", "extension",
        "import",
    ]

    static func functions(in text: String, language: ComplexityLanguage) -> [ComplexityReport.Function] {
        let tokens = ComplexityLexer(scalars: Array(text.unicodeScalars), swift: language == .swift).tokens()
        var finished: [ComplexityReport.Function] = []
        var stack: [(depth: Int, function: ComplexityReport.Function)] = []
        var pending: (function: ComplexityReport.Function, parens: Int)?
        var depth = 0
        var parens = 0
        for (index, token) in tokens.enumerated() {
            let previous = index > 0 ? tokens[index - 1].text : ""
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if let start = functionStart(tokens, at: index, language: language) {
                pending = (ComplexityReport.Function(name: start, line: token.line, complexity: 1), parens)
            } else if language == .swift, swiftDeclarations.contains(token.text) {
                pending = nil
            }
            switch token.text {
            case "(":
                parens += 1
            case ")":
                parens = Swift.max(parens - 1, 0)
            case "{":
                depth += 1
                if let open = pending, open.parens == parens {
                    stack.append((depth, open.function))
                    pending = nil
                }
            case "}":
                if let top = stack.last, top.depth == depth {
                    finished.append(top.function)
                    stack.removeLast()
                }
                depth = Swift.max(depth - 1, 0)
                pending = nil
            case ";":
                if language == .javascript, pending?.parens == parens { pending = nil }
            default:
                break
            }
            guard !stack.isEmpty, isDecision(token, previous: previous, next: next, language: language) else {
                continue
            }
            stack[stack.count - 1].function.complexity += 1
        }
        finished += stack.reversed().map(\.function)
        return finished.sorted { $0.line < $1.line }
    }

    static func isDecision(_ token: Token, previous: String, next: Token?, language: ComplexityLanguage) -> Bool {
        switch token.text {
        case "if", "for", "while", "catch", "&&", "||":
            return true
        case "guard":
            return language == .swift
        case "case":
            return language != .swift || !swiftConditionLeads.contains(previous)
        case "?":
            if language == .swift { return token.spaceBefore }
            guard let next else { return false }
            if [":", ")", ",", "=", ";"].contains(next.text) { return false }
            return !(next.text == "(" && !token.spaceBefore)
        default:
            return false
        }
    }

    /// The name of a function whose declaration starts at `index`, or nil.
    static func functionStart(_ tokens: [Token], at index: Int, language: ComplexityLanguage) -> String? {
        let token = tokens[index].text
        let previous = index > 0 ? tokens[index - 1].text : ""
        let next = index + 1 < tokens.count ? tokens[index + 1].text : ""
        switch language {
        case .swift:
            switch token {
            case "func": return index + 1 < tokens.count ? next : "func"
            case "init", "deinit", "subscript":
                return previous == "." ? nil : token
            default: return nil
            }
        case .javascript, .python:
            if token == "function" {
                let name = next == "*" ? (index + 2 < tokens.count ? tokens[index + 2].text : "") : next
                return isIdentifier(name) ? name : "<anonymous>"
            }
            if token == "=>" {
                return next == "{" ? arrowName(tokens, at: index) : nil
            }
            guard isIdentifier(token), !jsNotMethods.contains(token), next == "(", previous != ".",
                let close = matchingParen(tokens, from: index + 1)
            else { return nil }
            var after = close + 1
            guard after < tokens.count else { return nil }
            if tokens[after].text == ":" {
                while after < tokens.count, ![";", "=>", "}", "=", ",", "{"].contains(tokens[after].text) {
                    after += 1
                }
            }
            return after < tokens.count && tokens[after].text == "{" ? token : nil
        }
    }

    private static func arrowName(_ tokens: [Token], at index: Int) -> String {
        var start = index - 1
        if start >= 0, tokens[start].text == ")" {
            var depth = 0
            while start >= 0 {
                if tokens[start].text == ")" { depth += 1 }
                if tokens[start].text == "(" { depth -= 1 }
                if depth == 0 { break }
                start -= 1
            }
        }
        var cursor = start - 1
        if cursor >= 0, tokens[cursor].text == "async" { cursor -= 1 }
        if cursor >= 1, tokens[cursor].text == "=" || tokens[cursor].text == ":", isIdentifier(tokens[cursor - 1].text)
        {
            return tokens[cursor - 1].text
        }
        return "<arrow>"
    }

    private static func matchingParen(_ tokens: [Token], from open: Int) -> Int? {
        var depth = 0
        for index in open..<tokens.count {
            if tokens[index].text == "(" { depth += 1 }
            if tokens[index].text == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        return first == "_" || first == "$" || first.properties.isAlphabetic
    }
}
