#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A level's spending has passed the plan's soft threshold: reported once per level and dimension.
public struct BudgetWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The level.
    public let level: BudgetLevel
    /// The dimension whose threshold was passed.
    public let dimension: BudgetDimension
    /// The level's limit in that dimension.
    public let limit: Decimal
    /// What the level has spent in that dimension.
    public let spent: Decimal
    /// The threshold, as a fraction of the limit.
    public let threshold: Decimal

    /// Creates a warning.
    public init(level: BudgetLevel, dimension: BudgetDimension, limit: Decimal, spent: Decimal, threshold: Decimal) {
        self.level = level
        self.dimension = dimension
        self.limit = limit
        self.spent = spent
        self.threshold = threshold
    }

    /// E.g. `phase qa: 16,500 of 20,000 tokens spent (82%), past the 80% warning threshold`.
    public var description: String {
        let percent = self.limit > 0 ? (self.spent * 100 / self.limit).integer(.down) ?? 0 : 100
        let thresholdPercent = (self.threshold * 100).integer(.toNearestOrAwayFromZero) ?? 0
        let amounts: String =
            switch self.dimension {
            case .tokens: "\(self.dimension.bareText(self.spent)) of \(self.dimension.text(self.limit))"
            case .usd: "\(self.dimension.bareText(self.spent)) of \(self.dimension.bareText(self.limit))"
            }
        return "\(self.level): \(amounts) spent (\(percent)%), past the \(thresholdPercent)% warning threshold"
    }
}
