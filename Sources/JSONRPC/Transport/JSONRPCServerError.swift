/// Why a server could not start; the message says what to do about it.
public struct JSONRPCServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which failure, stable for matching.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case socketPathTooLong = "socket path too long"
            case insecureDirectory = "insecure socket directory"
            case directoryUnavailable = "socket directory unavailable"
            case pathOccupied = "socket path occupied"
            case anotherServerListening = "another server listening"
            case socketSetupFailed = "socket setup failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The path does not fit in `sockaddr_un` (104 bytes or more).
        public static let socketPathTooLong = Code(.socketPathTooLong)
        /// The socket's directory is group/world accessible or owned by another user.
        public static let insecureDirectory = Code(.insecureDirectory)
        /// The socket's directory could not be created or examined.
        public static let directoryUnavailable = Code(.directoryUnavailable)
        /// Something that is not a socket exists at the path.
        public static let pathOccupied = Code(.pathOccupied)
        /// A live server answers on the path.
        public static let anotherServerListening = Code(.anotherServerListening)
        /// A system call failed while preparing or binding the socket.
        public static let socketSetupFailed = Code(.socketSetupFailed)

        /// The code's name.
        public var description: String { self.base.rawValue }
    }

    /// Which failure.
    public let code: Code
    /// What happened and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}
