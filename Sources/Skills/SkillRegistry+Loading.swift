import Config
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension SkillRegistry {
    /// The built-in skills plus the workspace's `skills/*.yaml` (not its subdirectories), and what was wrong.
    ///
    /// Each file is validated against the skill schema; one with errors is skipped and its diagnostics returned
    /// (warnings are returned too, the skill still loads). Within the built-ins, and within the workspace, a
    /// second file with an id and version already loaded is skipped with a `duplicate-skill-version` error
    /// (files are read in name order). A workspace id replaces every built-in version of that id.
    public static func load(workspace: String?) -> (registry: SkillRegistry, diagnostics: [SkillDiagnostic]) {
        load(workspace: workspace, builtins: BuiltinSkills.loaded)
    }

    static func load(
        workspace: String?, builtins: (skills: [LoadedSkill], diagnostics: [SkillDiagnostic])
    ) -> (registry: SkillRegistry, diagnostics: [SkillDiagnostic]) {
        var diagnostics = builtins.diagnostics
        var accepted = withoutDuplicates(builtins.skills, diagnostics: &diagnostics)
        if let workspace {
            let read = readDirectory(joined(workspace, "skills"))
            diagnostics += read.diagnostics
            let own = withoutDuplicates(read.skills, diagnostics: &diagnostics)
            let replaced = Set(own.map(\.definition.id))
            accepted = accepted.filter { !replaced.contains($0.definition.id) } + own
        }
        return (SkillRegistry(loaded: accepted), diagnostics)
    }

    /// The skills in `skills` whose id and version came first; each later one is a diagnostic at its version.
    private static func withoutDuplicates(
        _ skills: [LoadedSkill], diagnostics: inout [SkillDiagnostic]
    ) -> [LoadedSkill] {
        var kept: [LoadedSkill] = []
        for skill in skills {
            guard
                let first = kept.first(where: {
                    $0.definition.id == skill.definition.id && $0.version == skill.version
                })
            else {
                kept.append(skill)
                continue
            }
            let diagnostic = Diagnostic(
                range: skill.versionRange, code: SkillDiagnostic.Code.duplicateVersion,
                message: "skill '\(skill.definition.id)' version \(skill.version) is already defined in "
                    + "\(first.file); this file is skipped (give it a higher version to publish a change)",
                related: [
                    Diagnostic.Related(range: first.versionRange, message: "first defined here", file: first.file)
                ])
            diagnostics.append(SkillDiagnostic(file: skill.file, diagnostic: diagnostic))
        }
        return kept
    }

    /// Every `*.yaml`/`*.yml` file directly in `path`, read in name order; a missing directory is no skills.
    private static func readDirectory(_ path: String) -> (skills: [LoadedSkill], diagnostics: [SkillDiagnostic]) {
        let manager = FileManager.default
        var isDirectory = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory else {
            return ([], [])
        }
        let names: [String]
        do {
            names = try manager.contentsOfDirectory(atPath: path)
        } catch {
            let diagnostic = Diagnostic(
                range: .zero, code: SkillDiagnostic.Code.unreadable,
                message: "cannot list the skills directory: \(error)")
            return ([], [SkillDiagnostic(file: path, diagnostic: diagnostic)])
        }
        let validator = ConfigValidator()
        var skills: [LoadedSkill] = []
        var diagnostics: [SkillDiagnostic] = []
        for name in names.sorted() where !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) {
            let file = joined(path, name)
            var isSubdirectory = false
            guard manager.fileExists(atPath: file, isDirectory: &isSubdirectory), !isSubdirectory else {
                continue
            }
            let read = SkillFileReader.read(path: file, validator: validator)
            diagnostics += read.diagnostics
            if let skill = read.skill { skills.append(skill) }
        }
        return (skills, diagnostics)
    }

    private static func joined(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }
}
