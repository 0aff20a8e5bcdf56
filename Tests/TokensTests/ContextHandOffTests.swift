import Testing
import Tokens

@Suite("Context: hand-off summaries and prompt caching")
struct ContextHandOffTests {
    @Test("hand-off summaries against transcripts: per-phase counts, totals and the ratio")
    func handOffRatio() throws {
        // 400 ASCII bytes a message is 100 tokens; 160 bytes a summary is 40.
        let message = String(repeating: "word ", count: 80)
        let phases = [
            PhaseHandOff(
                phase: "planning", transcript: Array(repeating: message, count: 10),
                summary: String(repeating: "s", count: 160)),
            PhaseHandOff(
                phase: "architecture", transcript: Array(repeating: message, count: 6),
                summary: String(repeating: "s", count: 160)),
        ]
        let savings = ContextOptimizer().handOff(phases)
        #expect(savings.phases.map(\.transcriptTokens) == [1_000, 600])
        #expect(savings.phases.map(\.summaryTokens) == [40, 40])
        #expect(savings.transcriptTokens == 1_600)
        #expect(savings.summaryTokens == 80)
        let ratio = try #require(savings.ratio)
        #expect(ratio == 20)
        #expect(ratio >= 5)
    }

    @Test("no summaries means no ratio rather than a division by zero")
    func emptySummaries() {
        let savings = ContextOptimizer().handOff([PhaseHandOff(phase: "qa", transcript: ["hello"], summary: "")])
        #expect(savings.transcriptTokens == 2)
        #expect(savings.ratio == nil)
    }

    @Test("a cached prefix is written once and read by every later call")
    func promptCache() {
        let savings = PromptCacheSavings(prefixTokens: 2_000, calls: 10)
        #expect(savings.isCacheable)
        #expect(savings.uncachedInputTokens == 20_000)
        #expect(savings.freshInputTokens == 0)
        #expect(savings.cacheWriteTokens == 2_000)
        #expect(savings.cacheReadTokens == 18_000)
        // 2000 × 1.25 + 18000 × 0.1
        #expect(savings.billedEquivalentTokens == 4_300)
    }

    @Test(
        "prompt-cache arithmetic at the edges",
        arguments: [
            // prefix, calls, minimum, fresh, write, read, equivalent
            (500, 10, 1_024, 5_000, 0, 0, 5_000),  // too short to cache
            (1_024, 1, 1_024, 0, 1_024, 0, 1_280),  // one call: the write costs more than it saves
            (2_048, 3, 2_048, 0, 2_048, 4_096, 2_970),  // Haiku minimum, just reached
            (3_000, 0, 1_024, 0, 0, 0, 0),
        ])
    func promptCacheEdges(
        prefix: Int, calls: Int, minimum: Int, fresh: Int, write: Int, read: Int, equivalent: Int
    ) {
        let savings = PromptCacheSavings(prefixTokens: prefix, calls: calls, minimumCacheable: minimum)
        #expect(savings.freshInputTokens == fresh)
        #expect(savings.cacheWriteTokens == write)
        #expect(savings.cacheReadTokens == read)
        #expect(savings.billedEquivalentTokens == equivalent)
    }

    @Test("the one-hour cache's write multiplier")
    func hourCache() {
        let savings = PromptCacheSavings(prefixTokens: 1_500, calls: 4, writeMultiplier: 2)
        #expect(savings.billedEquivalentTokens == 3_450)
    }
}
