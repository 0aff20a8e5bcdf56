#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A ceiling in tokens and/or US dollars; `nil` in a dimension means no ceiling there.
public struct BudgetLimit: Sendable, Hashable, Codable {
    /// The most tokens, if limited.
    public var tokens: Int?
    /// The most US dollars, if limited.
    public var usd: Decimal?

    /// Creates a limit.
    public init(tokens: Int? = nil, usd: Decimal? = nil) {
        self.tokens = tokens
        self.usd = usd
    }

    /// No ceiling at all.
    public static let unlimited = BudgetLimit()

    /// Whether neither dimension is limited.
    public var isUnlimited: Bool { self.tokens == nil && self.usd == nil }

    /// The ceiling in one dimension, as a `Decimal` so both compare alike.
    public subscript(dimension: BudgetDimension) -> Decimal? {
        get {
            switch dimension {
            case .tokens: self.tokens.map { Decimal($0) }
            case .usd: self.usd
            }
        }
        set {
            switch dimension {
            case .tokens: self.tokens = newValue.map { $0.integer(.down) ?? Int.max }
            case .usd: self.usd = newValue
            }
        }
    }

    /// This limit with every dimension `other` sets replaced by `other`'s value.
    public func overlaid(with other: BudgetLimit) -> BudgetLimit {
        BudgetLimit(tokens: other.tokens ?? self.tokens, usd: other.usd ?? self.usd)
    }
}
