import Config

extension SkillRegistry {
    /// The skills whose triggers occur in `text`, best first; `among` limits the search to those ids.
    ///
    /// A trigger matches when its words occur in the text as whole words, in order and adjacent, ignoring case
    /// and punctuation: "time series" matches "Time-series data", "forecast" does not match "forecasting"
    /// (skills list the forms they mean, e.g. both "forecast" and "forecasting"). Each distinct trigger
    /// scores its word count once, however often it occurs; triggers that read the same after normalising
    /// ("time series", "time-series") count once. Ranking: higher score first, then id.
    public func match(_ text: String, among ids: [String]? = nil) -> [SkillMatch] {
        let words = TriggerWords.words(in: text)
        let candidates = ids.map { wanted in skills.filter { wanted.contains($0.id) } } ?? skills
        var matches: [SkillMatch] = []
        for skill in candidates {
            var score = 0
            var matched: [String] = []
            var counted: Set<[String]> = []
            for trigger in skill.triggers {
                let phrase = TriggerWords.words(in: trigger)
                guard TriggerWords.contains(words, phrase: phrase) else { continue }
                matched.append(trigger)
                if counted.insert(phrase).inserted { score += phrase.count }
            }
            if score > 0 { matches.append(SkillMatch(skill: skill, score: score, matchedTriggers: matched)) }
        }
        return matches.sorted { ($1.score, $0.skill.id) < ($0.score, $1.skill.id) }
    }
}

/// How task text and triggers are cut into words for matching.
enum TriggerWords {
    /// Lowercased runs of letters and digits; everything else separates words.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Whether `phrase` occurs in `words` as adjacent whole words.
    static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            words[start..<start + phrase.count].elementsEqual(phrase)
        }
    }
}
