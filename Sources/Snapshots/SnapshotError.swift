/// Why a snapshot, restore or object-store operation failed, with the path it concerns.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; new cases may be added, so callers switch with a default.
    public enum Code: String, Sendable, Hashable {
        /// A file or directory could not be read, written or removed.
        case io
        /// An object the manifest names is not in the store.
        case missingObject
        /// A stored object or manifest does not hash to its name, or cannot be parsed.
        case corrupt
        /// A manifest path that would leave the workspace.
        case unsafePath
        /// A workspace file whose name cannot be recorded faithfully (not valid UTF-8).
        case unsupportedName
    }

    public var code: Code
    /// The workspace-relative or absolute path concerned, when there is one.
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
