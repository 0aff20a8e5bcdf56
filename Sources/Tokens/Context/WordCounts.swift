import Synchronization

/// How often each word occurs in a text, and how many words it has: what ranking a document needs of it.
///
/// Every agent's first message ranks the same documents (up to 200) against its own task, so the counts are kept
/// by text for the process: a document is split into words once, however many agents rank it.
struct WordCounts: Sendable {
    /// Occurrences of each word.
    let counts: [String: Int]
    /// Words in the text, repeats included.
    let length: Int

    init(_ text: String) {
        let words = WordTokenizer.words(text)
        var counts: [String: Int] = [:]
        for word in words { counts[word, default: 0] += 1 }
        self.counts = counts
        self.length = words.count
    }

    /// Bytes of text kept at most (the texts are the keys); past it the memo starts again.
    static let capacityBytes = 32 << 20
    private static let memo = Mutex<(entries: [String: WordCounts], bytes: Int)>(([:], 0))

    /// The counts of `text`, from the memo when it was counted before.
    static func of(_ text: String) -> WordCounts {
        if let known = memo.withLock({ $0.entries[text] }) { return known }
        let fresh = WordCounts(text)
        let size = text.utf8.count
        guard size <= capacityBytes / 64 else { return fresh }
        memo.withLock { memo in
            if memo.bytes + size > capacityBytes { memo = ([:], 0) }
            if memo.entries.updateValue(fresh, forKey: text) == nil { memo.bytes += size }
        }
        return fresh
    }
}
