/// Splits text and paths into the lowercased words the relevance ranking compares.
///
/// A word is a run of letters and digits; camelCase is split (`ForecastModel` → `forecast`, `model`), so
/// paths and identifiers match prose. Words of one character and a short list of English function words
/// are dropped, and a plural `s` is folded (`forecasts` → `forecast`, but not `class`, `status`, `analysis`).
enum WordTokenizer {
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasLower = false
        func flush() {
            if current.count > 1 {
                let word = fold(String(current).lowercased())
                if !stopWords.contains(word) { words.append(word) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            guard properties.isAlphabetic || properties.generalCategory == .decimalNumber else {
                flush()
                previousWasLower = false
                continue
            }
            if properties.isUppercase && previousWasLower { flush() }
            current.append(scalar)
            previousWasLower = properties.isLowercase
        }
        flush()
        return words
    }

    private static func fold(_ word: String) -> String {
        guard word.count > 3, word.hasSuffix("s") else { return word }
        for ending in ["ss", "us", "is"] where word.hasSuffix(ending) { return word }
        return String(word.dropLast())
    }

    private static let stopWords: Set<String> = [
        "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it", "its",
        "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "will", "with",
    ]
}
