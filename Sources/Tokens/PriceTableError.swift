/// Why a price table document (the built-in one or a workspace's overrides) was refused.
public struct PriceTableError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of the kind of problem, kept apart from the wording.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidJSON = "invalid_json"
            case wrongType = "wrong_type"
            case missingField = "missing_field"
            case unknownField = "unknown_field"
            case invalidValue = "invalid_value"
            case duplicateModel = "duplicate_model"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The text is not JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// A value has the wrong JSON type.
        public static let wrongType = Code(.wrongType)
        /// A required member is missing.
        public static let missingField = Code(.missingField)
        /// A member the format does not define (often a typo, such as `cache_write_1hr`).
        public static let unknownField = Code(.unknownField)
        /// A value has the right type but is out of range or badly formed.
        public static let invalidValue = Code(.invalidValue)
        /// Two entries of one document list the same model id.
        public static let duplicateModel = Code(.duplicateModel)

        /// The code as text, e.g. `missing_field`.
        public var description: String { self.base.rawValue }
    }

    /// What kind of problem this is.
    public let code: Code
    /// An RFC 6901 JSON pointer to the offending value (`""` for the whole document).
    public let pointer: String
    /// What is wrong, in words.
    public let message: String

    /// Creates an error.
    public init(code: Code, pointer: String, message: String) {
        self.code = code
        self.pointer = pointer
        self.message = message
    }

    /// The pointer and message, e.g. `/prices/claude-haiku-4.5/output: expected a number, found a string`.
    public var description: String { self.pointer.isEmpty ? self.message : "\(self.pointer): \(self.message)" }
}
