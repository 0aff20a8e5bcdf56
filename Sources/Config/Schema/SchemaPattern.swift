import Foundation

/// A compiled `pattern`.
///
/// Every pattern is compiled by `NSRegularExpression`, so what loads and what is refused does not depend on
/// the subset below. Patterns inside the subset `PatternProgram` understands are then matched by it, which
/// answers the same without bridging each string to Foundation; others keep the regular expression.
///
/// `@unchecked Sendable`: NSRegularExpression is immutable once built and documented as safe to share
/// between threads; it is only ever used to match.
public struct SchemaPattern: @unchecked Sendable {
    /// How a pattern is matched.
    enum Matcher {
        case program(PatternProgram)
        case regex(NSRegularExpression)
    }

    public let source: String
    let matcher: Matcher

    init(source: String) throws {
        self.source = source
        let regex = try NSRegularExpression(pattern: source)
        self.matcher = PatternProgram(pattern: source).map(Matcher.program) ?? .regex(regex)
    }

    /// Whether the pattern matches anywhere in the text (JSON Schema patterns are not anchored).
    public func matches(_ text: String) -> Bool {
        switch matcher {
        case .program(let program):
            return program.matches(text)
        case .regex(let regex):
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            return regex.firstMatch(in: text, range: range) != nil
        }
    }
}
