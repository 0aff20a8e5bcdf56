import Config

/// The skills agents may use: the built-in ones and the workspace's `skills/*.yaml`, every version of each.
///
/// Which definition answers for an id: the highest release (a prerelease only when the id has no release), or
/// the highest version a requirement accepts (see `SkillRequirement`; prereleases are opt-in there too).
///
/// A workspace that defines an id replaces the built-in definitions of that id entirely (the skill schema
/// promises that "a workspace skill with a built-in id replaces the built-in one"), so a newer release of the
/// tool cannot silently override a workspace's own methodology.
public struct SkillRegistry: Sendable {
    /// Every version of every skill, by id, highest version first.
    private let versionsByID: [String: [LoadedSkill]]

    /// An empty registry.
    public init() {
        self.versionsByID = [:]
    }

    /// A registry of already-validated skills (tests, or callers that built definitions in code).
    ///
    /// Definitions whose version is not semantic are left out; of two with the same id and version the first wins.
    public init(_ definitions: [SkillDefinition]) {
        var loaded: [LoadedSkill] = []
        for definition in definitions {
            guard let version = SemanticVersion(definition.version) else { continue }
            loaded.append(LoadedSkill(definition: definition, version: version, file: "", versionRange: .zero))
        }
        self.init(loaded: loaded)
    }

    init(loaded: [LoadedSkill]) {
        var byID: [String: [LoadedSkill]] = [:]
        for skill in loaded where !(byID[skill.definition.id] ?? []).contains(where: { $0.version == skill.version }) {
            byID[skill.definition.id, default: []].append(skill)
        }
        self.versionsByID = byID.mapValues { $0.sorted { $0.version > $1.version } }
    }

    /// One definition per id, the one `skill(id:)` gives, sorted by id.
    public var skills: [SkillDefinition] {
        versionsByID.keys.sorted().compactMap { skill(id: $0) }
    }

    /// Every id known, sorted.
    public var ids: [String] { versionsByID.keys.sorted() }

    /// The highest version of `id` that `requirement` accepts; without one, the highest release (or prerelease
    /// when there is no release).
    ///
    /// A requirement that does not parse accepts nothing, so a typo in a pin is not silently ignored.
    public func skill(id: String, compatibleWith requirement: String? = nil) -> SkillDefinition? {
        guard let versions = versionsByID[id] else { return nil }
        guard let requirement else {
            return (versions.first { $0.version.prerelease.isEmpty } ?? versions.first)?.definition
        }
        guard let parsed = SkillRequirement(requirement) else { return nil }
        return versions.first { parsed.isSatisfied(by: $0.version) }?.definition
    }

    /// Every version of `id`, highest first.
    public func versions(of id: String) -> [SkillDefinition] {
        versionsByID[id]?.map(\.definition) ?? []
    }

    /// The file a definition was read from (`<builtin>/skills/NAME` for a built-in one); `nil` if it is not here.
    public func file(of skill: SkillDefinition) -> String? {
        guard let version = SemanticVersion(skill.version) else { return nil }
        return versionsByID[skill.id]?.first { $0.version == version }.map(\.file)
    }

    /// The ids among `ids` that name no skill here, each once, in the order given.
    public func unknownSkills(in ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { versionsByID[$0] == nil && seen.insert($0).inserted }
    }

    /// Every skill an agent or one of its subagents lists that names no skill here.
    public func unknownSkills(referencedBy agents: [AgentConfig]) -> [UnknownSkillReference] {
        agents.flatMap { agent in
            let own = unknownSkills(in: agent.skills ?? []).map {
                UnknownSkillReference(agentID: agent.id, skillID: $0)
            }
            let subagents = (agent.subagents ?? []).flatMap { subagent in
                unknownSkills(in: subagent.skills ?? []).map {
                    UnknownSkillReference(agentID: subagent.id, skillID: $0)
                }
            }
            return own + subagents
        }
    }
}
