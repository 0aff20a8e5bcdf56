import Config

/// A skill whose triggers occur in a task's text, and how strongly.
public struct SkillMatch: Sendable, Hashable {
    public var skill: SkillDefinition
    /// The number of words in the distinct triggers that matched: a phrase counts more than a single word.
    public var score: Int
    /// The triggers that matched, as the skill writes them, in the skill's order.
    public var matchedTriggers: [String]

    public init(skill: SkillDefinition, score: Int, matchedTriggers: [String]) {
        self.skill = skill
        self.score = score
        self.matchedTriggers = matchedTriggers
    }
}
