extension Validators {
    /// `license_header`: the pattern must match somewhere within the first `lines` lines.
    ///
    /// A miss is one finding on the first line of the file.
    static func licenseHeaderProblems(
        _ text: ValidatorText, regex: Regex<AnyRegexOutput>, lines: Int, pattern: String
    ) -> [Problem] {
        let header = text.text[..<text.endOfLines(lines)]
        if (try? regex.firstMatch(in: header)) != nil {
            return []
        }
        let firstLine = text.lineText(0)
        return [
            Problem(
                range: text.range(of: firstLine.startIndex..<firstLine.endIndex),
                message: "no license header matching '\(pattern)' in the first \(lines) line(s)")
        ]
    }

    /// `forbidden_pattern`: every non-empty match is a finding at its range.
    static func forbiddenPatternProblems(
        _ text: ValidatorText, regex: Regex<AnyRegexOutput>, pattern: String
    )
        -> [Problem]
    {
        text.text.matches(of: regex).compactMap { match in
            guard !match.range.isEmpty else { return nil }
            return Problem(
                range: text.range(of: match.range),
                message: "forbidden pattern '\(pattern)' matches '\(text.text[match.range])'")
        }
    }
}
