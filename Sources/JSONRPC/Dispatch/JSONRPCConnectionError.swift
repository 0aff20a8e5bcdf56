/// A failure of the connection itself, as opposed to an error reply from the peer.
public struct JSONRPCConnectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which failure, stable for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case connectionClosed = "connection closed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The connection closed before the operation could complete.
        public static let connectionClosed = Code(.connectionClosed)

        /// The code's name.
        public var description: String { self.base.rawValue }
    }

    /// Which failure.
    public let code: Code
    /// Details for logs.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}
