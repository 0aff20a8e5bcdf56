/// The last bytes of a stream (a child's stderr), kept in bounded memory for error messages.
struct StreamTail: Sendable {
    let limit: Int
    private var bytes: [UInt8] = []

    init(limit: Int = 4096) {
        self.limit = limit
    }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
        // Trim in batches so a chatty stream costs amortised O(1) a byte.
        if bytes.count > 2 * limit { bytes.removeFirst(bytes.count - limit) }
    }

    /// The tail as text, trimmed of surrounding whitespace; a cut UTF-8 sequence becomes U+FFFD.
    var text: String {
        let tail = bytes.suffix(limit)
        let text = String(decoding: tail, as: UTF8.self)
        return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
