/// A framing failure after which the byte stream cannot be trusted: the connection is closed.
public struct JSONRPCFramingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which failure, stable for matching; new cases can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidContentLength = "invalid Content-Length"
            case missingContentLength = "missing Content-Length"
            case invalidHeader = "invalid header"
            case headerLineTooLong = "header line too long"
            case headerBlockTooLong = "header block too long"
            case framingNotDetected = "framing not detected yet"
            case incompleteMessageTimeout = "incomplete message timed out"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `Content-Length` is not a non-negative decimal integer, or two of them disagree.
        public static let invalidContentLength = Code(.invalidContentLength)
        /// The header block ended without `Content-Length`.
        public static let missingContentLength = Code(.missingContentLength)
        /// A header line has no `:`.
        public static let invalidHeader = Code(.invalidHeader)
        /// A header line is longer than ``JSONRPCLimits/maxHeaderLineLength``.
        public static let headerLineTooLong = Code(.headerLineTooLong)
        /// The headers are longer than ``JSONRPCLimits/maxHeaderBlockLength``.
        public static let headerBlockTooLong = Code(.headerBlockTooLong)
        /// A write was attempted before the peer's first byte decided the framing.
        public static let framingNotDetected = Code(.framingNotDetected)
        /// A message was not complete within ``JSONRPCLimits/incompleteMessageTimeout``.
        public static let incompleteMessageTimeout = Code(.incompleteMessageTimeout)

        /// The code's name.
        public var description: String { self.base.rawValue }
    }

    /// Which failure.
    public let code: Code
    /// What exactly was wrong, for the peer and the log.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}
