import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A configuration that failed to load: the diagnostics to show, with the text they point into.
public struct ConfigLoadError: Error, CustomStringConvertible {
    /// The file, when the configuration came from one.
    public var path: String?
    public var diagnostics: [Diagnostic]
    public var text: SourceText

    public var description: String {
        let location = path ?? "<input>"
        guard let first = diagnostics.first else { return "\(location): invalid configuration" }
        let position = first.range.start
        let more = diagnostics.count > 1 ? " (and \(diagnostics.count - 1) more)" : ""
        return "\(location):\(position.line + 1):\(position.scalarColumn + 1): \(first.message) [\(first.code)]\(more)"
    }
}

/// Reads, validates and decodes configuration files into typed models; any error stops the load.
public struct ConfigLoader: Sendable {
    public var validator: ConfigValidator

    public init(validator: ConfigValidator = ConfigValidator()) {
        self.validator = validator
    }

    /// Loads an intake file.
    public func intake(at path: String) throws(ConfigLoadError) -> IntakeConfig {
        try load(IntakeConfig.self, kind: .intake, bytes: read(path), path: path)
    }

    /// Loads an agent file.
    public func agent(at path: String) throws(ConfigLoadError) -> AgentConfig {
        try load(AgentConfig.Document.self, kind: .agent, bytes: read(path), path: path).agent
    }

    /// Loads a skill file.
    public func skill(at path: String) throws(ConfigLoadError) -> SkillDefinition {
        try load(SkillDefinition.Document.self, kind: .skill, bytes: read(path), path: path).skill
    }

    /// Loads a policy file.
    public func policy(at path: String) throws(ConfigLoadError) -> PolicyConfig {
        try load(PolicyConfig.Document.self, kind: .policy, bytes: read(path), path: path).policy
    }

    /// Validates bytes as `kind` and decodes them; warnings do not stop a load, errors do.
    public func load<T: Decodable>(
        _ type: T.Type, kind: ConfigKind, bytes: [UInt8], path: String? = nil
    )
        throws(ConfigLoadError) -> T
    {
        try loadWithRoot(type, kind: kind, bytes: bytes, path: path).value
    }

    /// `load`, also giving the validated document's root and text (what later checks of the file read).
    func loadWithRoot<T: Decodable>(
        _ type: T.Type, kind: ConfigKind, bytes: [UInt8], path: String?
    ) throws(ConfigLoadError) -> (value: T, root: YAMLNode, text: SourceText) {
        let validation = validator.validate(bytes, kind: kind)
        let errors = validation.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty, let root = validation.root else {
            throw ConfigLoadError(
                path: path, diagnostics: errors.isEmpty ? validation.diagnostics : errors, text: validation.text)
        }
        do {
            return (try root.decode(type), root, validation.text)
        } catch {
            throw ConfigLoadError(
                path: path,
                diagnostics: [Diagnostic(range: root.range, code: DiagnosticCode.wrongType, message: error.message)],
                text: validation.text)
        }
    }

    func read(_ path: String) throws(ConfigLoadError) -> [UInt8] {
        do {
            return try BoundedFileReader.contents(of: path, limit: validator.limits.maxBytes)
        } catch {
            throw ConfigLoadError(
                path: path,
                diagnostics: [
                    Diagnostic(range: .zero, code: DiagnosticCode.unreadableFile, message: error.description)
                ],
                text: SourceText(bytes: []))
        }
    }
}
