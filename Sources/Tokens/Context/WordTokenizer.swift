/// Splits text and paths into the lowercased words the relevance ranking compares.
///
/// A word is a run of letters and digits; camelCase is split (`ForecastModel` → `forecast`, `model`), so
/// paths and identifiers match prose. Words of one character and a short list of English function words
/// are dropped, and a plural `s` is folded (`forecasts` → `forecast`, but not `class`, `status`, `analysis`).
enum WordTokenizer {
    static func words(_ text: String) -> [String] {
        asciiWords(text) ?? scalarWords(text)
    }

    /// The same words from ASCII text, read as bytes: every agent's prompt ranks up to 200 documents, and the
    /// scalar-by-scalar path was most of an agent's start-up on a large workspace. Nil when the text is not ASCII.
    static func asciiWords(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            var word: [UInt8] = []
            var previousWasLower = false
            func flush() {
                defer { word.removeAll(keepingCapacity: true) }
                guard word.count > 1 else { return }
                // fold: a plural's "s" goes, unless the word is short or ends in "ss", "us" or "is".
                if word.count > 3, word.last == UInt8(ascii: "s"),
                    ![UInt8(ascii: "s"), UInt8(ascii: "u"), UInt8(ascii: "i")].contains(word[word.count - 2])
                {
                    word.removeLast()
                }
                let folded = String(decoding: word, as: UTF8.self)
                if !stopWords.contains(folded) { words.append(folded) }
            }
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                let upper = byte >= 0x41 && byte <= 0x5A
                let lower = byte >= 0x61 && byte <= 0x7A
                guard upper || lower || (byte >= 0x30 && byte <= 0x39) else {
                    flush()
                    previousWasLower = false
                    continue
                }
                if upper && previousWasLower { flush() }
                word.append(upper ? byte | 0x20 : byte)
                previousWasLower = lower
            }
            flush()
            return words
        }
    }

    /// Words scalar by scalar, for any text.
    static func scalarWords(_ text: String) -> [String] {
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
            let (isWordCharacter, isUpper, isLower) = classify(scalar)
            guard isWordCharacter else {
                flush()
                previousWasLower = false
                continue
            }
            if isUpper && previousWasLower { flush() }
            current.append(scalar)
            previousWasLower = isLower
        }
        flush()
        return words
    }

    /// Whether a scalar belongs to a word, and its case; ASCII without the (slower) Unicode property lookup,
    /// since every agent's prompt ranks the whole workspace.
    private static func classify(_ scalar: Unicode.Scalar) -> (word: Bool, upper: Bool, lower: Bool) {
        let value = scalar.value
        if value < 0x80 {
            let upper = (0x41...0x5A).contains(value)
            let lower = (0x61...0x7A).contains(value)
            return (upper || lower || (0x30...0x39).contains(value), upper, lower)
        }
        let properties = scalar.properties
        return (
            properties.isAlphabetic || properties.generalCategory == .decimalNumber, properties.isUppercase,
            properties.isLowercase
        )
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
