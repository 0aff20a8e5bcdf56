#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the models of one family cost, in US dollars per million tokens of each kind, from a given date.
public struct ModelPrice: Sendable, Hashable {
    /// The entry's key in the price table, e.g. `claude-sonnet-3.7-4.6`.
    public var id: String
    /// A name for people, e.g. `Claude Sonnet 3.7–4.6`.
    public var name: String
    /// The model ids this entry prices, matched as `PriceTable.lookup(model:)` describes.
    public var models: [String]
    /// The day (`YYYY-MM-DD`) from which these rates apply; a later price change gets a new date.
    public var effectiveDate: String
    /// Uncached input (`input_tokens`).
    public var input: Decimal
    /// Input written to the prompt cache with the default five-minute lifetime.
    public var cacheWrite5m: Decimal
    /// Input written to the prompt cache with a one-hour lifetime.
    public var cacheWrite1h: Decimal
    /// Input read from the prompt cache.
    public var cacheRead: Decimal
    /// Output tokens.
    public var output: Decimal
    /// Anything a reader of the table should know (what is not modelled, why a rate is zero).
    public var note: String?

    /// Creates an entry; rates are US dollars per million tokens.
    public init(
        id: String, name: String, models: [String], effectiveDate: String, input: Decimal, cacheWrite5m: Decimal,
        cacheWrite1h: Decimal, cacheRead: Decimal, output: Decimal, note: String? = nil
    ) {
        self.id = id
        self.name = name
        self.models = models
        self.effectiveDate = effectiveDate
        self.input = input
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.cacheRead = cacheRead
        self.output = output
        self.note = note
    }
}
