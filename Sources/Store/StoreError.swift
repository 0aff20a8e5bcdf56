/// Why the state store could not be opened, read or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new cases may be added, so callers switch with a default.
    public enum Code: String, Sendable, Hashable {
        /// The database file could not be created or opened (permissions, not a database).
        case cannotOpen
        /// The database was written by a newer orchestrator (a migration this build does not know).
        case newerSchema
        /// A read or write failed (disk full, I/O error, constraint violated).
        case database
    }

    public var code: Code
    /// The database file, when it is one.
    public var path: String?
    public var message: String

    public init(_ code: Code, path: String? = nil, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
