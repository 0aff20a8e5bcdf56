import Synchronization

/// Swift `Regex`es compiled once per process for each pattern and form: gates, schema patterns and policy checks
/// compile the same few patterns at every phase, and parsing one costs far more than matching it.
public enum CompiledRegexes {
    /// How a pattern is matched, beside its text.
    public enum Form: Hashable, Sendable {
        /// As written.
        case plain
        /// `^` and `$` match at every line (gate validators).
        case anchorsMatchLineEndings
        /// Over Unicode scalars, as ECMA-262 patterns are (JSON Schema).
        case unicodeScalars
    }

    /// `@unchecked Sendable`: a built `Regex` is an immutable program that is only ever matched with, and it lowers
    /// itself for matching once, atomically.
    private final class Compiled: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
    }

    private struct Key: Hashable {
        let pattern: String
        let form: Form
    }

    /// Patterns kept at most; past it the cache starts again (a workspace's gates and schemas hold a few dozen).
    static let capacity = 1024

    private static let compiled = Mutex<[Key: Compiled]>([:])

    /// `pattern` compiled in `form`; throws what `Regex` throws for a pattern that does not compile (not kept).
    public static func regex(_ pattern: String, _ form: Form = .plain) throws -> Regex<AnyRegexOutput> {
        let key = Key(pattern: pattern, form: form)
        if let known = compiled.withLock({ $0[key] }) { return known.regex }
        let plain = try Regex(pattern)
        let regex =
            switch form {
            case .plain: plain
            case .anchorsMatchLineEndings: plain.anchorsMatchLineEndings()
            case .unicodeScalars: plain.matchingSemantics(.unicodeScalar)
            }
        let fresh = Compiled(regex)
        compiled.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = fresh
        }
        return regex
    }
}
