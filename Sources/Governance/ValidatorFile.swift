/// A file a validator gate checks: its workspace-relative path and raw contents.
///
/// The engine matches the gate's globs and reads the files; validators never touch the disk.
public struct ValidatorFile: Sendable, Hashable {
    /// Workspace-relative path, as it will appear in findings.
    public var path: String
    /// The file's bytes, not yet decoded.
    public var bytes: [UInt8]

    /// A file from its raw bytes.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// A file from text (encoded as UTF-8).
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}

/// A file a validator did not check, and why.
public struct ValidatorSkippedFile: Sendable, Hashable, Codable {
    /// Why a file was skipped.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The file is larger than ``Validators/maximumFileSize``.
        case tooLarge = "too_large"
        /// The file holds a NUL byte or is not valid UTF-8.
        case binary
    }

    /// Workspace-relative path.
    public var path: String
    /// Why it was skipped.
    public var reason: Reason

    /// Creates a note about a skipped file.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }
}
