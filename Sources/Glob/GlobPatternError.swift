/// Why a glob pattern cannot be compiled, with the pattern it concerns.
public struct GlobPatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// What is wrong with it, e.g. `unclosed '['` or `'..' component; patterns cannot leave the workspace`.
    public let message: String

    /// Creates an error.
    public init(pattern: String, reason: String) {
        self.pattern = pattern
        self.message = reason
    }

    /// `glob 'PATTERN': REASON`.
    public var description: String { "glob '\(self.pattern)': \(self.message)" }
}
