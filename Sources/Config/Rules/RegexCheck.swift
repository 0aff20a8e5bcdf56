/// Compiles a gate's regular expression the way the gate will (Swift `Regex`), so a broken one is found early.
enum RegexCheck {
    /// Why `pattern` does not compile, or nil when it does.
    static func problem(in pattern: String) -> String? {
        do {
            _ = try CompiledRegexes.regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }
}
