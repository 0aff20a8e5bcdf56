/// Which versions of a skill an agent accepts, written as in a `skills:` pin.
///
/// `1`, `1.2`, `1.2.3` and their caret forms `^1`, `^1.2`, `^1.2.3` all mean: the same major version, and at
/// least the version written (missing parts are 0). So `1` accepts 1.0.0 up to any 1.x.y, `^1.2.0` accepts
/// 1.2.0 and later 1.x, never 2.0.0. The same holds for major 0 (no special case: skills are not libraries).
/// `=1.2.3` accepts exactly that version. Prereleases are opt-in, as in npm: a requirement accepts one only
/// when its own minimum is a prerelease (`^2.1.0-beta` accepts `2.1.0-beta.3` and `2.1.0`; `2` accepts neither
/// `2.1.0-beta.3` nor, being below its release, `2.0.0-rc.1`).
public struct SkillRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The lowest version accepted.
    public var minimum: SemanticVersion
    /// Whether only `minimum` itself is accepted.
    public var exact: Bool

    /// Parses a requirement; `nil` when the text is none of the forms above.
    public init?(_ text: String) {
        var body = Substring(text.trimmingSpaces())
        var exact = false
        if body.hasPrefix("^") {
            body = body.dropFirst()
        } else if body.hasPrefix("=") {
            body = body.dropFirst()
            exact = true
        }
        // Only the numeric core may be shortened; a prerelease or build suffix needs all three numbers.
        let coreEnd = body.firstIndex { $0 == "-" || $0 == "+" } ?? body.endIndex
        var parts = body[..<coreEnd].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let suffix = body[coreEnd...]
        guard (1...3).contains(parts.count), parts.count == 3 || (suffix.isEmpty && !exact) else { return nil }
        while parts.count < 3 { parts.append("0") }
        guard let version = SemanticVersion(parts.joined(separator: ".") + suffix) else { return nil }
        self.init(minimum: version, exact: exact)
    }

    public init(minimum: SemanticVersion, exact: Bool = false) {
        self.minimum = minimum
        self.exact = exact
    }

    /// Whether `version` meets the requirement.
    public func isSatisfied(by version: SemanticVersion) -> Bool {
        if exact { return version == minimum }
        guard version.prerelease.isEmpty || !minimum.prerelease.isEmpty else { return false }
        return version.major == minimum.major && version >= minimum
    }

    public var description: String { exact ? "=\(minimum)" : "^\(minimum)" }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
