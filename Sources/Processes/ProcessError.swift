/// Why a process could not be run to its end; the message is written for the model and the user alike.
public struct ProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, stable for callers to branch on while the message may change.
    public struct Code: Sendable, Hashable {
        private enum Value: Sendable, Hashable {
            case notFound, timedOut, sandboxUnavailable, failed
        }

        private let value: Value

        /// The program is not installed (not on PATH, or the path does not exist).
        public static let notFound = Code(value: .notFound)
        /// The deadline passed; the process and everything it started were killed.
        public static let timedOut = Code(value: .timedOut)
        /// The request asked for the sandbox and it cannot be set up here; nothing ran.
        public static let sandboxUnavailable = Code(value: .sandboxUnavailable)
        /// Anything else: the launch failed, or the caller was cancelled.
        public static let failed = Code(value: .failed)
    }

    /// What went wrong.
    public let code: Code
    /// What happened, in a sentence.
    public let message: String
    /// The deadline that passed, for `timedOut`.
    public let timeoutSeconds: Double?

    /// An error with this code and message.
    public init(_ code: Code, _ message: String, timeoutSeconds: Double? = nil) {
        self.code = code
        self.message = message
        self.timeoutSeconds = timeoutSeconds
    }

    public var description: String { message }
}
