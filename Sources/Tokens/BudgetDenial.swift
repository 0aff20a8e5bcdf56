#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a call may not be made: a level on its path cannot pay for its worst case. Names the level and the numbers.
public struct BudgetDenial: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier of why the level refused, kept apart from the wording.
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case exhausted
            case unpriced
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// What is left at the level is less than the call needs.
        public static let exhausted = Reason(.exhausted)
        /// The level has a dollar limit but the call's model has no price, so its cost cannot be checked.
        public static let unpriced = Reason(.unpriced)

        /// The reason as text, e.g. `exhausted`.
        public var description: String { self.base.rawValue }
    }

    /// Why the call was refused.
    public let reason: Reason
    /// The level that cannot pay (the outermost one, when several cannot).
    public let level: BudgetLevel
    /// The dimension it cannot pay in.
    public let dimension: BudgetDimension
    /// The level's limit in that dimension (for a phase, its allowance including rollover).
    public let limit: Decimal
    /// What the level has spent, in that dimension.
    public let spent: Decimal
    /// What calls in flight hold reserved at the level, in that dimension.
    public let reserved: Decimal
    /// What the refused call needed, in that dimension.
    public let needed: Decimal

    /// Creates a denial.
    public init(
        reason: Reason, level: BudgetLevel, dimension: BudgetDimension, limit: Decimal, spent: Decimal,
        reserved: Decimal, needed: Decimal
    ) {
        self.reason = reason
        self.level = level
        self.dimension = dimension
        self.limit = limit
        self.spent = spent
        self.reserved = reserved
        self.needed = needed
    }

    /// What the level has left for new calls (never below zero).
    public var available: Decimal { Swift.max(0, self.limit - self.spent - self.reserved) }

    /// E.g. `phase qa: needs 12,000 tokens, 3,100 of 20,000 left`.
    public var description: String {
        if self.reason == .unpriced {
            return "\(self.level): the model has no price, so the call cannot be checked against the "
                + "\(self.dimension.bareText(self.limit)) limit"
        }
        var text =
            "\(self.level): needs \(self.dimension.text(self.needed)), \(self.dimension.bareText(self.available)) of "
            + "\(self.dimension.bareText(self.limit)) left"
        if self.reserved > 0 { text += " (\(self.dimension.bareText(self.reserved)) reserved by calls in flight)" }
        return text
    }
}
