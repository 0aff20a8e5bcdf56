import Foundation
import TestSupport
import Testing
import Tokens

@Suite("Context: summary cache on disk")
struct ContextSummaryCacheTests {
    let summarizer = DocumentSummarizer(maxTokens: 200)
    let document = ContextDocument(path: "docs/forecast.md", text: "# Forecast\n\nWeekly demand. More.\n")
    let key = String(repeating: "ab", count: 32)

    @Test("a miss writes the entry, the next request for the key is a hit")
    func hitAndMiss() async throws {
        let folder = try TemporaryFolder(prefix: "context-cache")
        defer { folder.remove() }
        let cache = SummaryCache(directory: folder.path + "/cache/summaries")

        let first = try await cache.summary(of: document, key: key, using: summarizer)
        #expect(first.lines == ["# Forecast", "Weekly demand."])
        #expect(await cache.stats == SummaryCacheStats(hits: 0, misses: 1))
        #expect(folder.read("cache/summaries/\(key).json") != nil)

        let second = try await cache.summary(of: document, key: key, using: summarizer)
        #expect(second == first)
        #expect(await cache.stats == SummaryCacheStats(hits: 1, misses: 1))

        // A new cache on the same directory finds the entry too.
        let reopened = SummaryCache(directory: folder.path + "/cache/summaries")
        _ = try await reopened.summary(of: document, key: key, using: summarizer)
        #expect(await reopened.stats == SummaryCacheStats(hits: 1, misses: 0))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path + "/cache/summaries") == ["\(key).json"])
    }

    @Test("the entry is the summary, not the document: a cached summary is returned for the key")
    func keyedByContent() async throws {
        let folder = try TemporaryFolder(prefix: "context-cache")
        defer { folder.remove() }
        let cache = SummaryCache(directory: folder.path)
        _ = try await cache.summary(of: document, key: key, using: summarizer)
        let edited = ContextDocument(path: document.path, text: "# Changed\n")
        // Same key, so the caller said the content is the same: the stored summary comes back.
        #expect(
            try await cache.summary(of: edited, key: key, using: summarizer).lines == ["# Forecast", "Weekly demand."])
        #expect(try await cache.summary(of: edited, key: "other", using: summarizer).lines == ["# Changed"])
        #expect(await cache.stats == SummaryCacheStats(hits: 1, misses: 2))
    }

    @Test(
        "a corrupt or mismatched entry is a miss and is rewritten",
        arguments: [
            "not json at all {",
            "",
            #"{"format":1,"key":"wrong","kind":"markdown","max_tokens":200,"lines":[],"truncated":false}"#,
            #"{"format":1,"key":"KEY","kind":"python","max_tokens":200,"lines":[],"truncated":false}"#,
            #"{"format":1,"key":"KEY","kind":"markdown","max_tokens":50,"lines":[],"truncated":false}"#,
            #"{"format":1,"key":"KEY","kind":"markdown","max_tokens":200,"lines":[1],"truncated":false}"#,
            #"{"format":2,"key":"KEY","kind":"markdown","max_tokens":200,"lines":[],"truncated":false}"#,
        ])
    func corruptEntry(content: String) async throws {
        let folder = try TemporaryFolder(prefix: "context-cache")
        defer { folder.remove() }
        try folder.write(content.replacingOccurrences(of: "KEY", with: key), to: "\(key).json")
        let cache = SummaryCache(directory: folder.path)

        let summary = try await cache.summary(of: document, key: key, using: summarizer)
        #expect(summary == summarizer.summarize(document))
        #expect(await cache.stats == SummaryCacheStats(hits: 0, misses: 1))

        _ = try await cache.summary(of: document, key: key, using: summarizer)
        #expect(await cache.stats == SummaryCacheStats(hits: 1, misses: 1))
    }

    @Test("an entry that cannot be read or written still yields the summary, and the failure is counted")
    func unreadableEntry() async throws {
        let folder = try TemporaryFolder(prefix: "context-cache")
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: folder.path + "/\(key).json/inside", withIntermediateDirectories: true)
        let cache = SummaryCache(directory: folder.path)

        let summary = try await cache.summary(of: document, key: key, using: summarizer)
        #expect(summary == summarizer.summarize(document))
        #expect(await cache.stats == SummaryCacheStats(hits: 0, misses: 1, writeFailures: 1))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["\(key).json"])
    }

    @Test("keys that are not digest-like are refused", arguments: ["", "../escape", "a/b", "a.json", "ключ"])
    func invalidKeys(badKey: String) async throws {
        let folder = try TemporaryFolder(prefix: "context-cache")
        defer { folder.remove() }
        let cache = SummaryCache(directory: folder.path)
        let error = await #expect(throws: SummaryCacheError.self) {
            try await cache.summary(of: document, key: badKey, using: summarizer)
        }
        #expect(error?.code == .invalidKey)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
