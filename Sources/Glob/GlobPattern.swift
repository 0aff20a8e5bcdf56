/// A compiled glob over workspace-relative paths: the one dialect of artifact globs, snapshot ignore
/// rules, gate `files`, waiver scopes and the file_system tool (docs/globs.md).
///
/// `*` and `?` never match `/`; `**` matches zero or more whole components; `?` and `[...]` match one
/// Unicode scalar; dotfiles are matched by `*` (like .gitignore); `.` components and a leading `./`
/// are ignored, in patterns and paths alike; a backslash escapes the next character. Matching is
/// iterative with one backtrack point per level, so it takes at most pattern × path steps.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    let components: [GlobComponent]

    /// Compiles a pattern; throws when it is empty, absolute, has a `..` or empty component, an unclosed
    /// `[`, a reversed range or a trailing lone `\\`.
    public init(_ text: String) throws(GlobPatternError) {
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
    public func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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

extension GlobPattern {
    /// `name/**` for a literal directory name, built without parsing so it cannot fail.
    public init(directoryTree name: String) {
        self.text = name + "/**"
        self.components = [.segment(GlobSegment(tokens: name.utf8.map(GlobToken.byte))), .anyDepth]
    }

    /// Whether the pattern's first component is exactly the literal `name`: lets a walk enter a
    /// directory it otherwise skips (`.git`) when the pattern names it.
    public func startsWith(component name: String) -> Bool {
        guard case .segment(let segment)? = self.components.first, let literal = segment.literal else { return false }
        return literal.elementsEqual(name.utf8)
    }
}
