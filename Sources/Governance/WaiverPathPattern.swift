/// A workspace-relative path glob for waiver scopes: `**` any number of directories, `*` any characters
/// within one segment, `?` one character, `[abc]`/`[a-z]`/`[!x]` one character from a set.
public struct WaiverPathPattern: Sendable, Hashable {
    public let pattern: String
    private let segments: [[Character]]

    public init(_ pattern: String) {
        self.pattern = pattern
        self.segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(Array.init)
    }

    /// Whether `path` (slash-separated, relative; a leading `./` is ignored) matches.
    public func matches(_ path: String) -> Bool {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: true).map(Array.init)
        return Self.match(segments[...], parts[...])
    }

    private static func match(_ pattern: ArraySlice<[Character]>, _ path: ArraySlice<[Character]>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == ["*", "*"] {
            let rest = pattern.dropFirst()
            // `**` takes zero or more whole segments.
            for skip in 0...path.count where match(rest, path.dropFirst(skip)) {
                return true
            }
            return false
        }
        guard let segment = path.first, matchSegment(first[...], segment[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case "*":
            let rest = pattern.dropFirst()
            for skip in 0...text.count where matchSegment(rest, text.dropFirst(skip)) {
                return true
            }
            return false
        case "?":
            return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let close = pattern.dropFirst().firstIndex(of: "]"), let character = text.first else {
                return text.first == "[" && matchSegment(pattern.dropFirst(), text.dropFirst())
            }
            var set = pattern[(pattern.startIndex + 1)..<close]
            let negated = set.first == "!" || set.first == "^"
            if negated { set = set.dropFirst() }
            guard inSet(set, character) != negated else { return false }
            return matchSegment(pattern[(close + 1)...], text.dropFirst())
        default:
            return text.first == head && matchSegment(pattern.dropFirst(), text.dropFirst())
        }
    }

    private static func inSet(_ set: ArraySlice<Character>, _ character: Character) -> Bool {
        var index = set.startIndex
        while index < set.endIndex {
            let low = set[index]
            if index + 2 < set.endIndex, set[index + 1] == "-" {
                if low <= character && character <= set[index + 2] { return true }
                index += 3
            } else {
                if low == character { return true }
                index += 1
            }
        }
        return false
    }
}
