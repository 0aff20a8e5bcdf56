/// A compiled glob over workspace-relative paths: `*`, `?`, `[a-z]`, `[!x]`, and `**` as a whole component.
///
/// `*` and `?` never match `/`; `**` matches zero or more whole components; dotfiles are matched by `*`
/// (like .gitignore); a leading `./` is ignored; a backslash escapes the next character. Matching is
/// iterative with one backtrack point per level, so it takes at most pattern × path steps.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    let components: [GlobComponent]

    /// Compiles a pattern; `.invalidPattern` when it is empty, absolute, has a `..` component or an unclosed `[`.
    public init(_ text: String) throws(SnapshotError) {
        self.text = text
        self.components = try GlobCompiler.compile(text)
    }

    /// The pattern as written.
    public var description: String { text }

    /// Patterns are equal when their texts are.
    public static func == (lhs: GlobPattern, rhs: GlobPattern) -> Bool {
        lhs.text == rhs.text
    }

    /// Hashes the text, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
    }

    /// Whether a '/'-separated workspace-relative path matches the whole pattern.
    public func matches(_ relativePath: String) -> Bool {
        var path = relativePath
        return path.withUTF8 { matches(bytes: $0) }
    }

    /// `matches(_:)` on the path's UTF-8 bytes, without allocating for paths up to 64 components deep.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slashes = bytes.reduce(1) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
        return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: slashes) { names in
            var count = 0
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                // Empty and "." components ("a//b", "./a") carry no name, so they are skipped.
                if index > start && !(index - start == 1 && bytes[start] == UInt8(ascii: ".")) {
                    names[count] = start..<index
                    count += 1
                }
                start = index + 1
            }
            return matchComponents(UnsafeBufferPointer(rebasing: names[0..<count]), in: bytes)
        }
    }

    private func matchComponents(_ names: UnsafeBufferPointer<Range<Int>>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool
    {
        var patternIndex = 0
        var nameIndex = 0
        var starPattern = -1
        var starName = 0
        while nameIndex < names.count {
            if patternIndex < components.count {
                switch components[patternIndex] {
                case .anyDepth:
                    starPattern = patternIndex
                    starName = nameIndex
                    patternIndex += 1
                    continue
                case .segment(let segment):
                    if segment.matches(UnsafeBufferPointer(rebasing: bytes[names[nameIndex]])) {
                        patternIndex += 1
                        nameIndex += 1
                        continue
                    }
                }
            }
            // Only the latest `**` needs revisiting: letting it swallow one more component is the sole retry.
            guard starPattern >= 0 else { return false }
            starName += 1
            nameIndex = starName
            patternIndex = starPattern + 1
        }
        while patternIndex < components.count, case .anyDepth = components[patternIndex] {
            patternIndex += 1
        }
        return patternIndex == components.count
    }
}

/// One '/'-separated part of a compiled pattern.
enum GlobComponent: Sendable {
    case anyDepth
    case segment(GlobSegment)
}

/// Turns pattern text into components, rejecting what cannot be matched safely.
private enum GlobCompiler {
    static func compile(_ text: String) throws(SnapshotError) -> [GlobComponent] {
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
        func finish(last: Bool) throws(SnapshotError) {
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
    ) throws(SnapshotError) -> (GlobCharacterSet, Int) {
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

    static func invalid(_ text: String, _ message: String) -> SnapshotError {
        SnapshotError(.invalidPattern, path: text, message)
    }
}
