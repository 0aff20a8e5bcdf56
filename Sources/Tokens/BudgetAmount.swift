#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An amount of budget in both currencies a limit may be set in: tokens and US dollars.
public struct BudgetAmount: Sendable, Hashable, Codable {
    /// Tokens of every kind (input, cache writes and reads, output): what `budget_tokens` counts.
    public var tokens: Int
    /// US dollars.
    public var usd: Decimal

    /// Creates an amount.
    public init(tokens: Int = 0, usd: Decimal = 0) {
        self.tokens = tokens
        self.usd = usd
    }

    /// Nothing.
    public static let zero = BudgetAmount()

    /// The amount in one dimension, as a `Decimal` so both compare alike.
    public subscript(dimension: BudgetDimension) -> Decimal {
        switch dimension {
        case .tokens: Decimal(self.tokens)
        case .usd: self.usd
        }
    }

    /// Two amounts together.
    public static func + (left: BudgetAmount, right: BudgetAmount) -> BudgetAmount {
        BudgetAmount(tokens: left.tokens + right.tokens, usd: left.usd + right.usd)
    }

    /// The first amount less the second.
    public static func - (left: BudgetAmount, right: BudgetAmount) -> BudgetAmount {
        BudgetAmount(tokens: left.tokens - right.tokens, usd: left.usd - right.usd)
    }
}

/// One of the two currencies a budget is kept in.
public enum BudgetDimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// Tokens.
    case tokens
    /// US dollars.
    case usd

    /// An amount of this dimension for messages: `12,000 tokens`, `$5.00`.
    func text(_ value: Decimal) -> String {
        switch self {
        case .tokens: AmountText.tokens(value.integer(.toNearestOrAwayFromZero) ?? 0) + " tokens"
        case .usd: AmountText.usd(value)
        }
    }

    /// An amount of this dimension without its unit: `12,000`, `$5.00`.
    func bareText(_ value: Decimal) -> String {
        switch self {
        case .tokens: AmountText.tokens(value.integer(.toNearestOrAwayFromZero) ?? 0)
        case .usd: AmountText.usd(value)
        }
    }
}
