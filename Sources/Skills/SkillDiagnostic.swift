import Config
import Model

/// A problem found while loading skills, with the file it is in (a diagnostic alone has no file).
public struct SkillDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Stable codes of the registry's own diagnostics (schema and YAML problems keep Config's codes).
    public enum Code {
        /// A second file defines a skill id and version already loaded.
        public static let duplicateVersion = DiagnosticCode.duplicateSkillVersion
        /// The version is not semantic (the schema normally catches this first).
        public static let invalidVersion = DiagnosticCode.invalidSkillVersion
        /// The file or the `skills/` directory could not be read.
        public static let unreadable = DiagnosticCode.unreadableFile
    }

    /// The file as the user would name it: the path read, or `<builtin>/skills/NAME` for a built-in skill.
    public var file: String
    public var diagnostic: Diagnostic

    public init(file: String, diagnostic: Diagnostic) {
        self.file = file
        self.diagnostic = diagnostic
    }

    /// `file:line:col: severity: message [code]`, lines and columns from 1.
    public var description: String {
        let start = diagnostic.range.start
        return "\(file):\(start.line + 1):\(start.scalarColumn + 1): \(diagnostic.severity): "
            + "\(diagnostic.message) [\(diagnostic.code)]"
    }
}
