import Config

/// A skill whose triggers occur in a task's text, how strongly, and why.
public struct SkillMatch: Sendable, Hashable {
    /// One trigger that matched, and the words of the text it matched.
    public struct Hit: Sendable, Hashable, Codable {
        /// The trigger as the skill writes it.
        public var trigger: String
        /// The words of the text it matched, lowercased (`forecasting`).
        public var text: String
        /// Whether a word matched as an inflection of the trigger's word rather than as written.
        public var inflected: Bool

        public init(trigger: String, text: String, inflected: Bool) {
            self.trigger = trigger
            self.text = text
            self.inflected = inflected
        }

        /// `'forecast' matched 'forecasting' (inflection)`, `'time series' matched 'time series'`.
        public var reason: String {
            "'\(trigger)' matched '\(text)'" + (inflected ? " (inflection)" : "")
        }
    }

    public var skill: SkillDefinition
    /// The number of words in the distinct triggers that matched: a phrase counts more than a single word.
    public var score: Int
    /// The triggers that matched, in the skill's order, with the words each matched.
    public var hits: [Hit]

    public init(skill: SkillDefinition, score: Int, hits: [Hit]) {
        self.skill = skill
        self.score = score
        self.hits = hits
    }

    /// The triggers that matched, as the skill writes them, in the skill's order.
    public var matchedTriggers: [String] { hits.map(\.trigger) }

    /// Why the skill matched, one reason per trigger.
    public var reasons: [String] { hits.map(\.reason) }
}
