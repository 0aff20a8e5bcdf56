/// Why linter output could not be read.
public struct LintParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    /// An error with this message.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
