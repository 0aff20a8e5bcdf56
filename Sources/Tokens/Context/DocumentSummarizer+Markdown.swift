extension DocumentSummarizer {
    /// Headings and the first sentence of the first paragraph under each (and under the document's start).
    static func markdownOutline(_ lines: [Substring]) -> [String] {
        var outline: [String] = []
        var fence: Substring?
        var wantsSentence = true
        var paragraph: [Substring] = []
        func finishParagraph() {
            if wantsSentence && !paragraph.isEmpty {
                outline.append(firstSentence(paragraph.joined(separator: " ")))
                wantsSentence = false
            }
            paragraph = []
        }
        var index = 0
        if let first = lines.first, trimmed(first) == "---" {
            // YAML front matter: skipped up to its closing line (or kept as text if it never closes).
            if let close = lines.dropFirst().firstIndex(where: { trimmed($0) == "---" || trimmed($0) == "..." }) {
                index = close + 1
            }
        }
        while index < lines.count {
            let line = trimmed(lines[index])
            index += 1
            if let open = fence {
                if line.hasPrefix(open) { fence = nil }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                finishParagraph()
                fence = line.prefix(3)
                continue
            }
            if isHeading(line, indentation: indentation(lines[index - 1])) {
                finishParagraph()
                outline.append(String(line))
                wantsSentence = true
                continue
            }
            if line.isEmpty || line.hasPrefix("|") || line.hasPrefix("<!--") {
                finishParagraph()
                continue
            }
            if wantsSentence { paragraph.append(line) }
        }
        finishParagraph()
        return outline
    }

    private static func isHeading(_ line: Substring, indentation: Int) -> Bool {
        guard indentation <= 3 else { return false }
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return false }
        let rest = line.dropFirst(hashes)
        return rest.isEmpty || rest.first == " " || rest.first == "\t"
    }

    /// The text up to its first `.`, `!` or `?` followed by a space (or the end), at most 240 characters.
    private static func firstSentence(_ text: String) -> String {
        var sentence = ""
        var previous: Character?
        for character in text {
            if let previous, ".!?".contains(previous), character.isWhitespace { break }
            sentence.append(character)
            previous = character
        }
        return sentence.count > 240 ? String(sentence.prefix(239)) + "…" : sentence
    }
}
