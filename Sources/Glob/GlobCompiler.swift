/// Turns pattern text into components, rejecting what cannot be matched safely.
enum GlobCompiler {
    static func compile(_ text: String) throws(GlobPatternError) -> [GlobComponent] {
        var scalars = Array(text.unicodeScalars)[...]
        guard !scalars.isEmpty else { throw invalid(text, "empty pattern") }
        guard scalars.first != "/" else { throw invalid(text, "absolute pattern; patterns are workspace-relative") }
        while scalars.starts(with: ["." as Unicode.Scalar, "/"]) {
            scalars = scalars.dropFirst(2)
        }
        var components: [GlobComponent] = []
        var tokens: [GlobToken] = []
        var raw = ""
        var index = scalars.startIndex
        func finish(last: Bool) throws(GlobPatternError) {
            defer {
                tokens = []
                raw = ""
            }
            if raw == "**" {
                components.append(.anyDepth)
            } else if raw == "." {
                return
            } else if tokens.isEmpty {
                // A trailing slash ("dir/") adds nothing; an empty component elsewhere is a typo.
                if last && !components.isEmpty { return }
                throw invalid(text, "empty path component")
            } else if tokens == [.byte(0x2E), .byte(0x2E)] {
                throw invalid(text, "'..' component; patterns cannot leave the workspace")
            } else {
                components.append(.segment(GlobSegment(tokens: tokens)))
            }
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "/":
                try finish(last: false)
                continue
            case "\\":
                guard index < scalars.endIndex else { throw invalid(text, "pattern ends with a lone '\\'") }
                tokens += Array(String(scalars[index]).utf8).map(GlobToken.byte)
                raw += "\\" + String(scalars[index])
                index += 1
                continue
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case "?":
                tokens.append(.anyCharacter)
            case "[":
                let (set, next) = try characterSet(scalars, from: index, text: text)
                tokens.append(.set(set))
                raw += String(String.UnicodeScalarView(scalars[(index - 1)..<next]))
                index = next
                continue
            default:
                tokens += Array(String(scalar).utf8).map(GlobToken.byte)
            }
            raw.unicodeScalars.append(scalar)
        }
        try finish(last: true)
        if components.isEmpty { throw invalid(text, "pattern matches nothing") }
        return components
    }

    /// Parses `[...]` starting after the `[`; returns the set and the index after the `]`.
    static func characterSet(
        _ scalars: ArraySlice<Unicode.Scalar>, from start: Int, text: String
    ) throws(GlobPatternError) -> (GlobCharacterSet, Int) {
        var index = start
        var negated = false
        if index < scalars.endIndex && (scalars[index] == "!" || scalars[index] == "^") {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard index < scalars.endIndex else { throw invalid(text, "unclosed '['") }
            var scalar = scalars[index]
            if scalar == "]" && !first { return (GlobCharacterSet(ranges: ranges, negated: negated), index + 1) }
            if scalar == "/" { throw invalid(text, "'/' inside '[...]'") }
            first = false
            index += 1
            if scalar == "\\" {
                guard index < scalars.endIndex else { throw invalid(text, "unclosed '['") }
                scalar = scalars[index]
                index += 1
            }
            var upper = scalar
            if index + 1 < scalars.endIndex && scalars[index] == "-" && scalars[index + 1] != "]" {
                upper = scalars[index + 1]
                index += 2
                if upper == "\\" {
                    guard index < scalars.endIndex else { throw invalid(text, "unclosed '['") }
                    upper = scalars[index]
                    index += 1
                }
                guard scalar.value <= upper.value else {
                    throw invalid(text, "reversed range '\(scalar)-\(upper)'")
                }
            }
            ranges.append(scalar.value...upper.value)
        }
    }

    static func invalid(_ text: String, _ reason: String) -> GlobPatternError {
        GlobPatternError(pattern: text, reason: reason)
    }
}
