import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The price of some token usage in US dollars, or the typed fact that the model has no price.
public enum Cost: Sendable, Hashable {
    /// Exact US dollars.
    case priced(Decimal)
    /// The price table does not cover this model: the caller must flag the call, never count it as free.
    case unpriced(model: String)

    /// The dollars, when priced.
    public var usd: Decimal? {
        if case .priced(let usd) = self { return usd }
        return nil
    }
}

extension ModelPrice {
    /// Exact dollars for `usage`, cache writes charged at the rate of `cacheTTL`.
    ///
    /// Each kind of token is multiplied by its own rate and the sum divided by a million once, so the result is
    /// exact (no rounding: round only when displaying). `usage.input` is the uncached input only, as the API reports.
    public func cost(of usage: TokenUsage, cacheTTL: CacheTTL = .fiveMinutes) -> Decimal {
        let cacheWriteRate = cacheTTL == .oneHour ? self.cacheWrite1h : self.cacheWrite5m
        let perMillion =
            Decimal(usage.input) * self.input + Decimal(usage.cacheCreation) * cacheWriteRate
            + Decimal(usage.cacheRead) * self.cacheRead + Decimal(usage.output) * self.output
        return perMillion / 1_000_000
    }

    /// The most a call can cost: every prompt token at the dearest prompt rate, plus `maxOutputTokens` of output.
    ///
    /// This is what a budget reserves before the call. The dearest prompt rate (a one-hour cache write) is still a
    /// true upper bound, and far closer than pricing the prompt at the output rate as some gateways do.
    public func worstCaseCost(promptTokens: Int, maxOutputTokens: Int) -> Decimal {
        let promptRate = Swift.max(self.input, self.cacheWrite5m, self.cacheWrite1h, self.cacheRead)
        return (Decimal(promptTokens) * promptRate + Decimal(maxOutputTokens) * self.output) / 1_000_000
    }
}

extension PriceTable {
    /// Exact dollars for `usage` of `model`, or `.unpriced` when the table does not cover it.
    public func cost(of usage: TokenUsage, model: String, cacheTTL: CacheTTL = .fiveMinutes) -> Cost {
        switch self.lookup(model: model) {
        case .priced(let price): .priced(price.cost(of: usage, cacheTTL: cacheTTL))
        case .unpriced(let model): .unpriced(model: model)
        }
    }

    /// The most a call to `model` can cost (see `ModelPrice.worstCaseCost`), or `.unpriced`.
    public func worstCaseCost(promptTokens: Int, maxOutputTokens: Int, model: String) -> Cost {
        switch self.lookup(model: model) {
        case .priced(let price):
            .priced(price.worstCaseCost(promptTokens: promptTokens, maxOutputTokens: maxOutputTokens))
        case .unpriced(let model): .unpriced(model: model)
        }
    }
}
