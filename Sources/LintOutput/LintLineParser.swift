import Model

/// Reads findings from the line format most linters print: `file:line:col: message` or `file:line: message`.
///
/// Also understood within the message: a severity word (`error:`, `warning:`, `note:` as gcc and mypy
/// write), a leading rule code (`F401`, `E501`, `C0114:` as flake8, ruff and pylint write; ruff's `[*]`
/// fix marker is dropped) and a trailing `[rule-name]` (mypy). Lines that do not fit are skipped.
public enum LintLineParser {
    /// Every finding in a linter's output.
    public static func findings(in text: String, defaultSeverity: LintSeverity = .warning) -> [LintFinding] {
        text.split(whereSeparator: \.isNewline).compactMap { finding(in: $0, defaultSeverity: defaultSeverity) }
    }

    /// The finding on one line, if it has the `file:line[:col]: message` shape.
    public static func finding(in line: Substring, defaultSeverity: LintSeverity = .warning) -> LintFinding? {
        let characters = Array(line)
        // The file ends at the first ':' followed by digits and another ':' (so 'C:\x' or 'a:b' stay names).
        var index = 0
        var found: (fileEnd: Int, lineNumber: Int, next: Int)?
        while index < characters.count, found == nil {
            if characters[index] == ":", index > 0, let (number, end) = digits(characters, from: index + 1),
                end < characters.count, characters[end] == ":"
            {
                found = (index, number, end + 1)
            }
            index += 1
        }
        guard let found, found.lineNumber > 0 else { return nil }
        var rest = found.next
        var column: Int?
        if let (number, end) = digits(characters, from: rest), end < characters.count, characters[end] == ":" {
            column = number
            rest = end + 1
        }
        var message = String(characters[rest...]).trimmedWhitespace
        var severity = defaultSeverity
        for candidate in LintSeverity.allCases where message.lowercased().hasPrefix(candidate.rawValue + ":") {
            severity = candidate
            message = String(message.dropFirst(candidate.rawValue.count + 1)).trimmedWhitespace
        }
        var rule: String?
        if let code = leadingCode(message) {
            rule = code
            message = String(message.dropFirst(code.count)).trimmedWhitespace
            if message.hasPrefix(":") { message = String(message.dropFirst()).trimmedWhitespace }
            if message.hasPrefix("[*]") { message = String(message.dropFirst(3)).trimmedWhitespace }
        } else if message.hasSuffix("]"), let open = message.lastIndex(of: "["), open > message.startIndex,
            message[message.index(before: open)] == " "
        {
            let name = message[message.index(after: open)..<message.index(before: message.endIndex)]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
                rule = String(name)
                message = String(message[..<open]).trimmedWhitespace
            }
        }
        guard !message.isEmpty else { return nil }
        return LintFinding(
            file: String(characters[..<found.fileEnd]), line: found.lineNumber, column: column, message: message,
            rule: rule, severity: severity)
    }

    private static func digits(_ characters: [Character], from start: Int) -> (Int, Int)? {
        var end = start
        var value = 0
        while end < characters.count, let digit = characters[end].wholeNumberValue, characters[end].isASCII,
            end - start < 9
        {
            value = value * 10 + digit
            end += 1
        }
        return end > start ? (value, end) : nil
    }

    /// `F401`, `E501`, `C0114`, `PLR2004`: one to four capital letters then digits, ending the word.
    private static func leadingCode(_ message: String) -> String? {
        let letters = message.prefix { $0.isASCII && $0.isUppercase }
        guard (1...4).contains(letters.count) else { return nil }
        let numbers = message.dropFirst(letters.count).prefix { $0.isASCII && $0.isNumber }
        guard !numbers.isEmpty else { return nil }
        let code = message.prefix(letters.count + numbers.count)
        let after = message.dropFirst(code.count).first
        guard after == nil || after == " " || after == ":" else { return nil }
        return String(code)
    }
}
