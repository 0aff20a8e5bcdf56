/// Why a validator gate could not run at all (as opposed to running and finding problems).
///
/// The engine records it as a failure of that gate; it never stops the run.
public struct ValidatorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidPattern = "invalid_pattern"
            case missingSetting = "missing_setting"
            case notAValidator = "not_a_validator"
        }

        private let base: Base

        /// The gate's `pattern` is not a regular expression that compiles.
        public static let invalidPattern = Code(base: .invalidPattern)
        /// A setting the validator needs (`pattern`, `sections`, `terms`) is absent.
        public static let missingSetting = Code(base: .missingSetting)
        /// The gate is not a validator gate, or names no validator.
        public static let notAValidator = Code(base: .notAValidator)

        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public var code: Code
    /// The gate that failed.
    public var gateID: String
    /// A sentence for a person: what is wrong and what was found.
    public var message: String

    /// Creates an error.
    public init(code: Code, gateID: String, message: String) {
        self.code = code
        self.gateID = gateID
        self.message = message
    }

    public var description: String { "gate '\(gateID)': \(message)" }
}
