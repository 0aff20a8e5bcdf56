#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Ranks documents by their relevance to a task text with Okapi BM25 over lowercased words.
///
/// The path is a second field (BM25F-style): each word of the path counts `pathWeight` times in the document's
/// term frequency and length, so `src/forecast.py` scores for "forecast" even where its text never says it.
/// Every distinct task word counts once; a word in every document still scores a little (the `+ 1` form of
/// the IDF keeps it positive). Ties are broken by path (UTF-8 byte order), then by input order.
public struct RelevanceRanker: Sendable, Hashable {
    /// Term-frequency saturation (the usual 1.2).
    public var k1: Double
    /// Length normalisation, 0 (none) to 1 (full); the usual 0.75.
    public var b: Double
    /// How many times a word of the path counts against one of the text.
    public var pathWeight: Int

    /// A ranker with the standard BM25 parameters and path words counted three times.
    public init(k1: Double = 1.2, b: Double = 0.75, pathWeight: Int = 3) {
        self.k1 = k1
        self.b = b
        self.pathWeight = pathWeight
    }

    /// The documents, most relevant to `task` first, each with its score (0 when it shares no word with it).
    public func rank(task: String, documents: [ContextDocument]) -> [RankedDocument] {
        let queryWords = Set(WordTokenizer.words(task))
        let weight = max(pathWeight, 0)
        var frequencies: [[String: Int]] = []
        var lengths: [Int] = []
        var documentFrequency: [String: Int] = [:]
        for document in documents {
            var counts: [String: Int] = [:]
            let text = WordCounts.of(document.text)
            let path = WordCounts.of(document.path)
            for word in queryWords {
                let frequency = (text.counts[word] ?? 0) + weight * (path.counts[word] ?? 0)
                if frequency > 0 { counts[word] = frequency }
            }
            for word in counts.keys { documentFrequency[word, default: 0] += 1 }
            frequencies.append(counts)
            lengths.append(text.length + weight * path.length)
        }
        let total = Double(documents.count)
        let averageLength = documents.isEmpty ? 1 : max(Double(lengths.reduce(0, +)) / total, 1)
        var ranked: [(index: Int, entry: RankedDocument)] = []
        for (index, document) in documents.enumerated() {
            var score = 0.0
            // Summed in a fixed order, so equal inputs give bit-for-bit equal scores.
            for (word, frequency) in frequencies[index].sorted(by: { $0.key < $1.key }) {
                let containing = Double(documentFrequency[word] ?? 0)
                let idf = log((total - containing + 0.5) / (containing + 0.5) + 1)
                let tf = Double(frequency)
                let norm = k1 * (1 - b + b * Double(lengths[index]) / averageLength)
                score += idf * tf * (k1 + 1) / (tf + norm)
            }
            ranked.append((index, RankedDocument(document: document, score: score)))
        }
        ranked.sort { left, right in
            if left.entry.score != right.entry.score { return left.entry.score > right.entry.score }
            let leftPath = left.entry.document.path.utf8
            let rightPath = right.entry.document.path.utf8
            if !leftPath.elementsEqual(rightPath) { return leftPath.lexicographicallyPrecedes(rightPath) }
            return left.index < right.index
        }
        return ranked.map(\.entry)
    }
}

/// A document with its relevance score from `RelevanceRanker`.
public struct RankedDocument: Sendable, Hashable {
    /// The document ranked.
    public var document: ContextDocument
    /// Its BM25 score; 0 when it shares no word with the task.
    public var score: Double

    /// A document with its score.
    public init(document: ContextDocument, score: Double) {
        self.document = document
        self.score = score
    }
}
