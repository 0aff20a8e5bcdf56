import Config
import Model

/// A skill read from one file, with where its version is written so a duplicate can point at it.
struct LoadedSkill: Sendable {
    var definition: SkillDefinition
    var version: SemanticVersion
    var file: String
    var versionRange: SourceRange
}

/// Reads one skill file: YAML and the skill schema through Config's validator, then the typed model.
enum SkillFileReader {
    /// The skill in `bytes` (nil when it has errors) and every diagnostic, each tagged with `file`.
    static func read(
        bytes: [UInt8], file: String, validator: ConfigValidator
    ) -> (skill: LoadedSkill?, diagnostics: [SkillDiagnostic]) {
        let validation = validator.validate(bytes, kind: .skill)
        var diagnostics = validation.diagnostics.map { SkillDiagnostic(file: file, diagnostic: $0) }
        guard !validation.hasErrors, let root = validation.root else { return (nil, diagnostics) }
        let document: SkillDefinition.Document
        do {
            document = try root.decode(SkillDefinition.Document.self)
        } catch {
            diagnostics.append(
                SkillDiagnostic(
                    file: file,
                    diagnostic: Diagnostic(range: root.range, code: DiagnosticCode.wrongType, message: error.message)))
            return (nil, diagnostics)
        }
        let versionRange = root["skill"]?["version"]?.range ?? root.range
        guard let version = SemanticVersion(document.skill.version) else {
            diagnostics.append(
                SkillDiagnostic(
                    file: file,
                    diagnostic: Diagnostic(
                        range: versionRange, code: SkillDiagnostic.Code.invalidVersion,
                        message: "skill version '\(document.skill.version)' is not MAJOR.MINOR.PATCH")))
            return (nil, diagnostics)
        }
        let skill = LoadedSkill(definition: document.skill, version: version, file: file, versionRange: versionRange)
        return (skill, diagnostics)
    }

    /// The skill in the file at `path`; an unreadable file is one diagnostic at its start.
    static func read(path: String, validator: ConfigValidator) -> (skill: LoadedSkill?, diagnostics: [SkillDiagnostic])
    {
        let bytes: [UInt8]
        do {
            bytes = try BoundedFileReader.contents(of: path, limit: validator.limits.maxBytes, regularFileOnly: true)
        } catch {
            let diagnostic = Diagnostic(range: .zero, code: SkillDiagnostic.Code.unreadable, message: error.description)
            return (nil, [SkillDiagnostic(file: path, diagnostic: diagnostic)])
        }
        return read(bytes: bytes, file: path, validator: validator)
    }
}
