import JSON

/// Document summaries kept on disk, one JSON file per content key, so unchanged files are not outlined again; behind
/// it, when one is installed, a ``SharedSummaryStore`` other machines fill too.
///
/// The key is the caller's digest of the document's content (the engine passes its SHA-256 in hex). An entry
/// records the summary's kind and token cap and is used only when both still match. Entries are written to
/// a temporary file and renamed into place, so a reader never sees half of one; an entry that is corrupt or
/// unreadable counts as a miss and is rewritten. A cache that cannot be written never stops a run: the summary
/// is still returned and the failure counted. Entries made with a different `estimate` are not told apart,
/// so use one directory per estimator.
public actor SummaryCache {
    /// The directory holding `<key>.json` entries; created on the first write.
    public nonisolated let directory: String
    /// Hits, misses and failed writes so far.
    public private(set) var stats = SummaryCacheStats()

    /// The tier shared with other processes and machines, consulted after a local miss.
    public nonisolated let shared: (any SharedSummaryStore)?

    /// A cache in `directory` (which need not exist yet), behind the process's shared store unless told otherwise.
    public init(directory: String, shared: (any SharedSummaryStore)? = SummarySharing.current) {
        self.directory = directory
        self.shared = shared
    }

    /// The summary of `document` whose content key is `key`: from the cache, or made by `summarizer` and stored.
    public func summary(
        of document: ContextDocument, key: String, using summarizer: DocumentSummarizer
    ) throws(SummaryCacheError) -> DocumentSummary {
        guard Self.isValid(key) else { throw SummaryCacheError(code: .invalidKey, key: key) }
        let kind = DocumentKind(path: document.path)
        let path = "\(directory)/\(key).json"
        if let bytes = CacheFile.contents(path),
            let summary = Self.decode(bytes, key: key, kind: kind, maxTokens: summarizer.maxTokens)
        {
            stats.hits += 1
            return summary
        }
        // Another machine may have outlined this content already: its entry is checked as a file's would be, and
        // kept here so the next read is local.
        if let bytes = shared?.entry(key: key),
            let summary = Self.decode(bytes, key: key, kind: kind, maxTokens: summarizer.maxTokens)
        {
            stats.hits += 1
            if !CacheFile.writeAtomically(bytes, to: path, directory: directory) { stats.writeFailures += 1 }
            return summary
        }
        stats.misses += 1
        let summary = summarizer.summarize(document)
        let entry = Array(Self.encode(summary, key: key, maxTokens: summarizer.maxTokens).utf8)
        if !CacheFile.writeAtomically(entry, to: path, directory: directory) { stats.writeFailures += 1 }
        shared?.store(entry, key: key)
        return summary
    }

    /// Keys name files, so only digest-like ones are taken: 1 to 128 ASCII letters, digits, `-` or `_`.
    static func isValid(_ key: String) -> Bool {
        (1...128).contains(key.utf8.count)
            && key.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }

    static let format: Int64 = 1

    static func encode(_ summary: DocumentSummary, key: String, maxTokens: Int) -> String {
        JSONValue.object([
            "format": .integer(format),
            "key": .string(key),
            "kind": .string(summary.kind.rawValue),
            "max_tokens": .integer(Int64(maxTokens)),
            "lines": .array(summary.lines.map { .string($0) }),
            "truncated": .bool(summary.truncated),
        ]).jsonString()
    }

    /// The entry's summary if it is well-formed and made for this key, kind and cap; nil otherwise.
    static func decode(_ bytes: [UInt8], key: String, kind: DocumentKind, maxTokens: Int) -> DocumentSummary? {
        guard let entry = try? JSONValue(parsing: String(decoding: bytes, as: UTF8.self)),
            entry["format"]?.integerValue == format, entry["key"]?.stringValue == key,
            entry["kind"]?.stringValue == kind.rawValue, entry["max_tokens"]?.integerValue == Int64(maxTokens),
            let truncated = entry["truncated"]?.boolValue, let elements = entry["lines"]?.arrayValue
        else { return nil }
        var lines: [String] = []
        for element in elements {
            guard let line = element.stringValue else { return nil }
            lines.append(line)
        }
        return DocumentSummary(kind: kind, lines: lines, truncated: truncated)
    }
}

/// How a `SummaryCache` has fared.
public struct SummaryCacheStats: Sendable, Hashable, Codable {
    /// Summaries found in the cache.
    public var hits: Int
    /// Summaries made because no usable entry was there.
    public var misses: Int
    /// Entries that could not be written.
    public var writeFailures: Int

    private enum CodingKeys: String, CodingKey {
        case hits, misses
        case writeFailures
    }

    /// Counts so far.
    public init(hits: Int = 0, misses: Int = 0, writeFailures: Int = 0) {
        self.hits = hits
        self.misses = misses
        self.writeFailures = writeFailures
    }
}

/// Why a `SummaryCache` refused a request.
public struct SummaryCacheError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of the kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidKey = "invalid_key"
        }
        private let base: Base

        /// The key is not 1 to 128 ASCII letters, digits, `-` or `_` (it names a file).
        public static let invalidKey = Code(base: .invalidKey)

        /// The code as a stable string.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The key refused.
    public let key: String

    /// An error of `code` about `key`.
    public init(code: Code, key: String) {
        self.code = code
        self.key = key
    }

    /// The failure in words.
    public var description: String {
        "summary cache key '\(key)' is not 1 to 128 ASCII letters, digits, '-' or '_'"
    }
}
