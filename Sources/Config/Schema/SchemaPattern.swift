/// A compiled `pattern`.
///
/// Every pattern is compiled by Swift's `Regex` (over Unicode scalars, as ECMA-262 patterns are), so what
/// loads and what is refused does not depend on the subset `PatternProgram` understands. Patterns inside
/// that subset are then matched by it, which answers the same without allocating; others keep the `Regex`.
///
/// `@unchecked Sendable`: a `Regex` is an immutable program once built; it is only ever used to match.
public struct SchemaPattern: @unchecked Sendable {
    /// How a pattern is matched.
    enum Matcher {
        case program(PatternProgram)
        case regex(Regex<AnyRegexOutput>)
    }

    public let source: String
    let matcher: Matcher

    init(source: String) throws {
        self.source = source
        let regex = try CompiledRegexes.regex(source, .unicodeScalars)
        self.matcher = PatternProgram(pattern: source).map(Matcher.program) ?? .regex(regex)
    }

    /// Whether the pattern matches anywhere in the text (JSON Schema patterns are not anchored).
    public func matches(_ text: String) -> Bool {
        switch matcher {
        case .program(let program):
            return program.matches(text)
        case .regex(let regex):
            return text.contains(regex)
        }
    }
}
