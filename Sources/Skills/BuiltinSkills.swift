import Config

/// The skills the tool ships, decoded from the YAML it embeds (`Sources/Skills/Resources/skills/`).
public enum BuiltinSkills {
    /// The raw YAML of each built-in skill, by file name.
    public static var sources: [String: String] { EmbeddedSkills.builtinSkills }

    /// Every built-in skill that validates, by id; one that does not is a build defect the tests catch.
    public static var all: [SkillDefinition] { loaded.skills.map(\.definition).sorted { $0.id < $1.id } }

    /// How a built-in file is named in diagnostics.
    static func displayName(_ fileName: String) -> String { "<builtin>/skills/\(fileName)" }

    /// Decoded once: the embedded text never changes while the process runs.
    static let loaded: (skills: [LoadedSkill], diagnostics: [SkillDiagnostic]) = {
        let validator = ConfigValidator()
        var skills: [LoadedSkill] = []
        var diagnostics: [SkillDiagnostic] = []
        for name in sources.keys.sorted() {
            guard let text = sources[name] else { continue }
            let read = SkillFileReader.read(bytes: Array(text.utf8), file: displayName(name), validator: validator)
            diagnostics += read.diagnostics
            if let skill = read.skill { skills.append(skill) }
        }
        return (skills, diagnostics)
    }()
}
