/// A glob over working-copy-relative paths: `*`, `?`, `[a-z]`, `[!x]`, and `**` as a whole component.
///
/// The same dialect as Snapshots' `GlobPattern` (dotfiles matched by `*`, a backslash escapes), kept as a
/// small separate matcher because Tools must not depend on Snapshots. Both levels match iteratively with
/// one backtrack point, so a match takes at most pattern × path steps whatever the stars.
struct PathGlob: Sendable {
    private enum Token: Sendable, Equatable {
        case literal(Character)
        case any  // ?
        case star  // *
        case set(ranges: [ClosedRange<Character>], negated: Bool)
    }

    private enum Component: Sendable {
        case globstar
        case tokens([Token])
    }

    let text: String
    private let components: [Component]

    init(_ text: String) throws(ToolError) {
        self.text = text
        var components: [Component] = []
        for part in text.split(separator: "/") where part != "." {
            guard part != ".." else { throw .failed("glob '\(text)': '..' is not allowed in a pattern") }
            if part == "**" {
                if case .globstar? = components.last { continue }
                components.append(.globstar)
            } else {
                components.append(.tokens(try Self.tokens(Array(part), pattern: text)))
            }
        }
        guard !components.isEmpty else { throw .failed("glob '\(text)' is empty") }
        self.components = components
    }

    /// Whether the literal first component is this name (lets a walk enter an otherwise skipped directory).
    func startsWith(component name: String) -> Bool {
        guard case .tokens(let tokens)? = components.first else { return false }
        return tokens == name.map { .literal($0) }
    }

    /// Whether a '/'-separated relative path matches the whole pattern.
    func matches(_ path: String) -> Bool {
        let names = path.split(separator: "/").map(Array.init)
        var pattern = 0
        var name = 0
        var backtrack: (pattern: Int, name: Int)?
        while name < names.count || pattern < components.count {
            if pattern < components.count {
                switch components[pattern] {
                case .globstar:
                    backtrack = (pattern, name + 1)
                    pattern += 1
                    continue
                case .tokens(let tokens):
                    if name < names.count, Self.match(tokens, names[name]) {
                        pattern += 1
                        name += 1
                        continue
                    }
                }
            }
            guard let point = backtrack, point.name <= names.count else { return false }
            pattern = point.pattern + 1
            name = point.name
            backtrack = (point.pattern, point.name + 1)
        }
        return true
    }

    private static func match(_ tokens: [Token], _ name: [Character]) -> Bool {
        var token = 0
        var index = 0
        var star: (token: Int, index: Int)?
        while index < name.count {
            if token < tokens.count {
                switch tokens[token] {
                case .star:
                    star = (token, index)
                    token += 1
                    continue
                case .any:
                    token += 1
                    index += 1
                    continue
                case .literal(let character) where character == name[index]:
                    token += 1
                    index += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains(where: { $0.contains(name[index]) }) != negated:
                    token += 1
                    index += 1
                    continue
                default:
                    break
                }
            }
            guard let point = star else { return false }
            token = point.token + 1
            index = point.index + 1
            star = (point.token, point.index + 1)
        }
        while token < tokens.count, tokens[token] == .star { token += 1 }
        return token == tokens.count
    }

    private static func tokens(_ characters: [Character], pattern: String) throws(ToolError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            switch character {
            case "*":
                if tokens.last != .star { tokens.append(.star) }
            case "?":
                tokens.append(.any)
            case "\\" where index < characters.count:
                tokens.append(.literal(characters[index]))
                index += 1
            case "[":
                var negated = false
                if index < characters.count, characters[index] == "!" || characters[index] == "^" {
                    negated = true
                    index += 1
                }
                var ranges: [ClosedRange<Character>] = []
                var first = true
                while index < characters.count, characters[index] != "]" || first {
                    first = false
                    let low = characters[index]
                    if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                        let high = characters[index + 2]
                        guard low <= high else { throw .failed("glob '\(pattern)': bad range \(low)-\(high)") }
                        ranges.append(low...high)
                        index += 3
                    } else {
                        ranges.append(low...low)
                        index += 1
                    }
                }
                guard index < characters.count else { throw .failed("glob '\(pattern)': '[' is not closed") }
                index += 1  // the closing ]
                tokens.append(.set(ranges: ranges, negated: negated))
            default:
                tokens.append(.literal(character))
            }
        }
        return tokens
    }
}
