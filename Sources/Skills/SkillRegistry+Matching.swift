import Config

extension SkillRegistry {
    /// The skills whose triggers occur in `text`, best first; `among` limits the search to those ids.
    ///
    /// A trigger matches when its words occur in the text in order and adjacent, ignoring case and punctuation,
    /// each word as written or in a simple inflection of it (`TriggerWords.stem`): "time series" matches
    /// "Time-series data", "forecast" matches "forecasts", "forecasting" and "forecasted". Each distinct trigger
    /// scores its word count once, however often it occurs; triggers that read the same after normalising
    /// ("time series", "time-series") count once. Ranking: higher score first, then id. Each match says which
    /// words of the text each trigger matched.
    public func match(_ text: String, among ids: [String]? = nil) -> [SkillMatch] {
        let words = TriggerWords.words(in: text)
        let stems = words.map(TriggerWords.stem)
        let candidates = ids.map { wanted in skills.filter { wanted.contains($0.id) } } ?? skills
        var matches: [SkillMatch] = []
        for skill in candidates {
            var score = 0
            var hits: [SkillMatch.Hit] = []
            var counted: Set<[String]> = []
            for trigger in skill.triggers {
                let phrase = TriggerWords.words(in: trigger)
                guard let start = TriggerWords.firstOccurrence(of: phrase, in: words, stems: stems) else { continue }
                let found = words[start..<start + phrase.count]
                hits.append(
                    SkillMatch.Hit(
                        trigger: trigger, text: found.joined(separator: " "), inflected: !found.elementsEqual(phrase)))
                if counted.insert(phrase).inserted { score += phrase.count }
            }
            if score > 0 { matches.append(SkillMatch(skill: skill, score: score, hits: hits)) }
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

    /// Where `phrase` first occurs in `words` as adjacent words, each the same word or an inflection of it.
    static func firstOccurrence(of phrase: [String], in words: [String], stems: [String]) -> Int? {
        guard !phrase.isEmpty, phrase.count <= words.count else { return nil }
        let phraseStems = phrase.map(stem)
        return (0...(words.count - phrase.count)).first { start in
            phrase.indices.allSatisfy { offset in
                words[start + offset] == phrase[offset] || stems[start + offset] == phraseStems[offset]
            }
        }
    }

    /// A word without its inflectional ending, so that forms of one word compare equal: plural `-s`/`-es`/`-ies`,
    /// past `-ed`, progressive `-ing` (a doubled final consonant undone: planning → plan), and a final silent `-e`
    /// (save, saves, saved, saving → sav). Words of three letters or fewer are kept as they are. It conflates only
    /// forms of one word, not derivations: "prediction" does not match "predict".
    static func stem(_ word: String) -> String {
        var letters = Array(word)
        guard letters.count > 3, letters.allSatisfy({ $0.isLetter }) else { return word }
        func ends(_ suffix: String) -> Bool { letters.count > suffix.count + 2 && String(letters).hasSuffix(suffix) }
        if ends("ies") || ends("ied") {
            letters.removeLast(3)
            letters.append("y")
        } else if ends("ing") {
            letters.removeLast(3)
            undouble(&letters)
        } else if ends("ed") {
            letters.removeLast(2)
            undouble(&letters)
        } else if ends("es"), let before = letters.dropLast(2).last,
            "sxz".contains(before) || ends("ches") || ends("shes")
        {
            letters.removeLast(2)
        } else if letters.last == "s", !ends("ss"), !ends("us"), !ends("is") {
            letters.removeLast()
        }
        if letters.count > 3, letters.last == "e" { letters.removeLast() }
        return String(letters)
    }

    /// planning → plan, running → run: a doubled final consonant left by removing a suffix (not ll, ss, zz).
    private static func undouble(_ letters: inout [Character]) {
        guard letters.count > 2, let last = letters.last, letters[letters.count - 2] == last,
            !"aeioulsz".contains(last)
        else { return }
        letters.removeLast()
    }
}
