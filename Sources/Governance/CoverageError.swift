/// Why a coverage report could not be read. `line` is one-based, as a person counts.
public struct CoverageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case malformedRecord = "malformed_record"
            case malformedXML = "malformed_xml"
            case invalidNumber = "invalid_number"
            case noData = "no_data"
        }

        private let base: Base

        /// An LCOV line that is not `KEY:value`, or a record out of place (e.g. `DA` before `SF`).
        public static let malformedRecord = Code(base: .malformedRecord)
        /// Cobertura XML that does not scan: an unclosed tag, a bad attribute, a missing root.
        public static let malformedXML = Code(base: .malformedXML)
        /// A count, line number or rate that is not a number in range.
        public static let invalidNumber = Code(base: .invalidNumber)
        /// The report holds no instrumented lines, so there is no percentage.
        public static let noData = Code(base: .noData)

        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// One-based line of the report where it was found (the last line for `noData`).
    public var line: Int
    /// A sentence for a person: what was expected and what was found.
    public var message: String

    /// Creates an error.
    public init(code: Code, line: Int, message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    public var description: String { "coverage report line \(line): \(message)" }
}
