import Model

/// A skill: a versioned methodology that applies to a task when one of its triggers matches.
public struct SkillDefinition: Sendable, Hashable, Codable {
    /// One step of a skill's methodology.
    public struct Step: Sendable, Hashable, Codable {
        public var step: String
        public var description: String?
        public var outputs: [String]?
    }

    public var id: String
    /// Semantic version (MAJOR.MINOR.PATCH).
    public var version: String
    public var name: String?
    public var description: String?
    /// Words or phrases matched case-insensitively against task text.
    public var triggers: [String]
    public var methodology: [Step]
    public var tools: [String]?
    public var phases: [Phase]?

    /// The document shape: the definition under a top-level `skill` key.
    public struct Document: Sendable, Hashable, Codable {
        public var skill: SkillDefinition
    }
}
