extension Validators {
    /// `required_sections`: every listed section must be a Markdown ATX heading of the document.
    ///
    /// Headings compare case-insensitively with runs of spaces collapsed; headings inside
    /// fenced code blocks do not count. All missing sections are named in one finding on line 1.
    static func requiredSectionProblems(_ text: ValidatorText, sections: [String]) -> [Problem] {
        var present = Set<String>()
        var fence: Substring?
        for line in 0..<text.lineStarts.count {
            let content = text.lineText(line)
            let trimmed = content.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if content.count - trimmed.count <= 3, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix(3)
                continue
            }
            if let heading = atxHeading(content) {
                present.insert(normalized(heading))
            }
        }
        let missing = sections.filter { !present.contains(normalized(Substring($0))) }
        guard !missing.isEmpty else { return [] }
        let firstLine = text.lineText(0)
        let names = missing.map { "'\($0)'" }.joined(separator: ", ")
        return [
            Problem(
                range: text.range(of: firstLine.startIndex..<firstLine.endIndex),
                message: "missing required section(s): \(names)")
        ]
    }

    /// The title of an ATX heading line (`## Title ##`), or nil when the line is not one.
    static func atxHeading(_ line: Substring) -> Substring? {
        let body = line.drop { $0 == " " }
        guard line.count - body.count <= 3 else { return nil }
        let hashes = body.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = body.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingSpaces()
        let closing = title.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let beforeClosing = title.dropLast(closing)
            if beforeClosing.isEmpty || beforeClosing.last == " " || beforeClosing.last == "\t" {
                title = beforeClosing.trimmingSpaces()
            }
        }
        return title
    }

    private static func normalized(_ heading: Substring) -> String {
        heading.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ").lowercased()
    }

    /// `brand_terms`: each whole-word, case-sensitive occurrence of a wrong spelling is a finding.
    ///
    /// A word boundary is any character that is not a letter, a digit or `_`.
    static func brandTermProblems(_ text: ValidatorText, terms: [(key: String, value: String)]) -> [Problem] {
        var problems: [(SourceRangeKey, Problem)] = []
        let body = text.text
        for (wrong, preferred) in terms {
            for span in body.ranges(of: wrong) {
                let before = span.lowerBound > body.startIndex ? body[body.index(before: span.lowerBound)] : nil
                let after = span.upperBound < body.endIndex ? body[span.upperBound] : nil
                guard !isWordCharacter(before), !isWordCharacter(after) else { continue }
                let range = text.range(of: span)
                problems.append(
                    (
                        SourceRangeKey(offset: range.start.offset, term: wrong),
                        Problem(range: range, message: "write '\(preferred)', not '\(wrong)'")
                    ))
            }
        }
        return problems.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private static func isWordCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character == "_"
    }

    /// Orders findings by position, then term, so output is stable.
    private struct SourceRangeKey: Comparable {
        var offset: Int
        var term: String

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.offset, lhs.term) < (rhs.offset, rhs.term)
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        let isContent: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = firstIndex(where: isContent), let last = lastIndex(where: isContent) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
