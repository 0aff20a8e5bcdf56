/// What a cached prompt prefix saves over calls that reuse it (Anthropic prompt caching arithmetic).
///
/// Without caching every call bills the prefix as fresh input. With a breakpoint after it, the first call
/// writes the cache (billed at `writeMultiplier` × the input price) and each later call reads it (billed at
/// `readMultiplier` ×), provided the prefix reaches the provider's minimum cacheable length; below it nothing
/// is cached. Calls are assumed to come within the cache's lifetime (five minutes by default, renewed on use).
public struct PromptCacheSavings: Sendable, Hashable, Codable {
    /// Tokens of the stable prefix (system prompt, tools, documents) before the breakpoint.
    public var prefixTokens: Int
    /// Calls that send the prefix.
    public var calls: Int
    /// The shortest prefix the provider caches (1024 tokens; 2048 on Haiku models).
    public var minimumCacheable: Int
    /// Price of a cache write relative to fresh input (1.25 for the five-minute cache, 2 for the hour).
    public var writeMultiplier: Double
    /// Price of a cache read relative to fresh input (0.1).
    public var readMultiplier: Double

    private enum CodingKeys: String, CodingKey {
        case calls
        case prefixTokens
        case minimumCacheable
        case writeMultiplier
        case readMultiplier
    }

    /// Accounting for `calls` calls sharing a prefix of `prefixTokens`.
    public init(
        prefixTokens: Int, calls: Int, minimumCacheable: Int = 1024, writeMultiplier: Double = 1.25,
        readMultiplier: Double = 0.1
    ) {
        self.prefixTokens = max(prefixTokens, 0)
        self.calls = max(calls, 0)
        self.minimumCacheable = minimumCacheable
        self.writeMultiplier = writeMultiplier
        self.readMultiplier = readMultiplier
    }

    /// Whether the prefix is long enough to be cached at all.
    public var isCacheable: Bool { prefixTokens >= minimumCacheable && prefixTokens > 0 }

    /// Prefix tokens billed as fresh input without caching.
    public var uncachedInputTokens: Int { prefixTokens * calls }
    /// Prefix tokens billed as fresh input with caching (all of them when the prefix is too short).
    public var freshInputTokens: Int { isCacheable ? 0 : uncachedInputTokens }
    /// Prefix tokens billed as cache writes (the first call's).
    public var cacheWriteTokens: Int { isCacheable && calls > 0 ? prefixTokens : 0 }
    /// Prefix tokens billed as cache reads (every later call's).
    public var cacheReadTokens: Int { isCacheable && calls > 1 ? prefixTokens * (calls - 1) : 0 }

    /// The prefix's cost with caching, in tokens at the fresh-input price (rounded to the nearest token).
    public var billedEquivalentTokens: Int {
        let weighted =
            Double(freshInputTokens) + Double(cacheWriteTokens) * writeMultiplier + Double(cacheReadTokens)
            * readMultiplier
        return Int(weighted.rounded())
    }
}
