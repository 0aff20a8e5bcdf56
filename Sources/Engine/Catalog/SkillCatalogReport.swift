import Config
import Model
import Skills

/// What `skills list|show|match` and `skills/list|match` return.
public struct SkillCatalogReport: Sendable, Encodable {
    /// One skill (the highest version of its id).
    public struct Skill: Sendable, Encodable {
        public var id: String
        public var version: String
        public var name: String?
        public var description: String?
        public var triggers: [String]
        public var phases: [Phase]
        public var tools: [String]
        public var methodology: [SkillDefinition.Step]
        /// Every version the registry holds, highest first.
        public var versions: [String]
    }

    /// A skill that applies to a text, and why.
    public struct Match: Sendable, Encodable {
        public var id: String
        public var version: String
        public var score: Int
        public var matchedTriggers: [String]
        /// Why it matched, one reason per trigger: `'forecast' matched 'forecasting' (inflection)`.
        public var reasons: [String]
    }

    public var skills: [Skill]
    /// Problems in the workspace's `skills/*.yaml`, each with file:line:column.
    public var errors: [String]

    /// Every skill of a workspace (the built-ins alone when `workspace` is nil).
    public static func load(workspace: String?) -> SkillCatalogReport {
        let (registry, diagnostics) = SkillRegistry.load(workspace: workspace)
        return SkillCatalogReport(
            skills: registry.skills.map { Skill($0, registry: registry) },
            errors: diagnostics.map(\.description))
    }

    /// One skill; an unknown id is an error listing the known ones.
    public static func skill(id: String, workspace: String?) throws(EngineError) -> Skill {
        let (registry, _) = SkillRegistry.load(workspace: workspace)
        guard let skill = registry.skill(id: id) else {
            let known = registry.skills.map(\.id).joined(separator: ", ")
            throw EngineError(.notFound, "no skill '\(id)'; known: \(known)")
        }
        return Skill(skill, registry: registry)
    }

    /// The skills whose triggers match `text`, best first.
    public static func match(_ text: String, workspace: String?) -> [Match] {
        let (registry, _) = SkillRegistry.load(workspace: workspace)
        return registry.match(text).map { match in
            Match(
                id: match.skill.id, version: match.skill.version, score: match.score,
                matchedTriggers: match.matchedTriggers, reasons: match.reasons)
        }
    }
}

extension SkillCatalogReport.Skill {
    init(_ skill: SkillDefinition, registry: SkillRegistry) {
        self.init(
            id: skill.id, version: skill.version, name: skill.name, description: skill.description,
            triggers: skill.triggers, phases: skill.phases ?? [], tools: skill.tools ?? [],
            methodology: skill.methodology, versions: registry.versions(of: skill.id).map(\.version))
    }
}
