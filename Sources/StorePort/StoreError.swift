/// Why the state store could not be opened, read or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; new cases may be added, so callers switch with a default.
    public enum Code: String, Sendable, Hashable {
        /// The database could not be created or opened: a file (permissions, not a database), or a server (a bad
        /// URL, refused or failed authentication, unreachable).
        case cannotOpen
        /// The database was written by a newer orchestrator (a migration this build does not know).
        case newerSchema
        /// A read or write failed (disk full, I/O error, constraint violated).
        case database
        /// A stored value this build cannot read: an unknown status or phase (written by a newer build, or edited),
        /// a missing column, or a value of the wrong type. Never read as a default.
        case unreadableValue
        /// The connection to a database server dropped during a transaction: nothing of it was committed (or, when
        /// it dropped during COMMIT, whether it was is unknown). It is reported, never retried; the next transaction
        /// connects again.
        case connectionLost
    }

    public var code: Code
    /// Where the store is: the database file, or a server's URL without its password.
    public var path: String?
    public var message: String

    public init(_ code: Code, path: String? = nil, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// A stored value this build cannot read, naming where it is and what was expected.
    public static func unreadable(table: String, column: String, value: String, expected: String) -> StoreError {
        StoreError(.unreadableValue, "\(table).\(column) holds '\(value)', expected \(expected)")
    }

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
