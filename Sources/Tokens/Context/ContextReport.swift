/// A context-optimisation strategy, as a report names it.
public enum ContextStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only the documents relevant to the task, within an allotment.
    case selectiveLoading = "selective_loading"
    /// Summaries in place of whole documents, the full text read on demand.
    case progressiveExpansion = "progressive_expansion"
    /// Earlier phases' hand-off summaries in place of their transcripts.
    case handOffSummaries = "hand_off_summaries"
    /// A cached prompt prefix, billed as cache reads after the first call.
    case promptCaching = "prompt_caching"

    /// The strategy in words, for tables.
    public var title: String {
        switch self {
        case .selectiveLoading: "selective loading"
        case .progressiveExpansion: "progressive expansion"
        case .handOffSummaries: "hand-off summaries"
        case .promptCaching: "prompt caching"
        }
    }
}

/// One strategy's tokens without and with it.
public struct ContextReportRow: Sendable, Hashable, Encodable {
    /// The strategy measured.
    public var strategy: ContextStrategy
    /// Tokens without the strategy.
    public var tokensWithout: Int
    /// Tokens with it.
    public var tokensWith: Int

    /// A row for `strategy`.
    public init(strategy: ContextStrategy, tokensWithout: Int, tokensWith: Int) {
        self.strategy = strategy
        self.tokensWithout = tokensWithout
        self.tokensWith = tokensWith
    }

    /// Tokens the strategy saved.
    public var saved: Int { tokensWithout - tokensWith }
    /// How many times fewer tokens it sends (without ÷ with); nil when it sends none.
    public var ratio: Double? { ContextRatio.of(tokensWithout, tokensWith) }

    private enum CodingKeys: String, CodingKey {
        case strategy
        case tokensWithout
        case tokensWith
        case saved
        case ratio
    }

    /// Encodes the counts with `saved` and `ratio` (null when nothing is sent with the strategy).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(tokensWithout, forKey: .tokensWithout)
        try container.encode(tokensWith, forKey: .tokensWith)
        try container.encode(saved, forKey: .saved)
        try container.encode(ratio, forKey: .ratio)
    }
}

/// Tokens sent with and without each context-optimisation strategy, for `budget report` and the RPC.
///
/// What each row compares:
/// - selective loading: every document whole, against the documents actually sent (whole or summarised);
/// - progressive expansion: the summarised documents whole, against their summaries;
/// - hand-off summaries: earlier phases' transcripts, against their hand-off summaries;
/// - prompt caching: the stable prefix billed as fresh input on every call, against its cost with caching in
///   fresh-input tokens (a cache write at 1.25×, reads at 0.1×).
public struct ContextReport: Sendable, Hashable, Encodable {
    /// One row per strategy measured, in strategy order.
    public var rows: [ContextReportRow]
    /// How the summary cache fared, when one was used.
    public var summaryCache: SummaryCacheStats?

    /// A report of `rows`.
    public init(rows: [ContextReportRow], summaryCache: SummaryCacheStats? = nil) {
        self.rows = rows
        self.summaryCache = summaryCache
    }

    /// The report of the four strategies from their measurements.
    /// The four rows from their measurements; `summarized` (a `.summariesOnly` selection) measures progressive
    /// expansion on its own, otherwise the summaries `selection` fell back to do.
    public init(
        selection: ContextSelection, summarized: ContextSelection? = nil, handOff: HandOffSavings,
        promptCache: PromptCacheSavings, summaryCache: SummaryCacheStats? = nil
    ) {
        let progressive = summarized ?? selection
        self.init(
            rows: [
                ContextReportRow(
                    strategy: .selectiveLoading, tokensWithout: selection.everythingTokens,
                    tokensWith: selection.sentTokens),
                ContextReportRow(
                    strategy: .progressiveExpansion, tokensWithout: progressive.summarizedFullTokens,
                    tokensWith: progressive.summaryTokens),
                ContextReportRow(
                    strategy: .handOffSummaries, tokensWithout: handOff.transcriptTokens,
                    tokensWith: handOff.summaryTokens),
                ContextReportRow(
                    strategy: .promptCaching, tokensWithout: promptCache.uncachedInputTokens,
                    tokensWith: promptCache.billedEquivalentTokens),
            ], summaryCache: summaryCache)
    }

    private enum CodingKeys: String, CodingKey {
        case rows
        case summaryCache
    }
}
