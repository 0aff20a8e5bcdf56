#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How much of its parent's budget a phase, agent or subagent is given.
public enum BudgetAllocation: Sendable, Hashable {
    /// A fraction of the parent's budget (`0.25` is a quarter), in every dimension the parent limits.
    case share(Decimal)
    /// Fixed amounts; a dimension left `nil` falls back to the default split of what the parent has left.
    case limit(BudgetLimit)
}

extension BudgetAllocation: Codable {
    private enum CodingKeys: String, CodingKey {
        case share
    }

    /// Reads `{"share": 0.25}` or a limit's `{"tokens": 5000, "usd": 2.5}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let share = try container.decodeIfPresent(Decimal.self, forKey: .share) {
            self = .share(share)
        } else {
            self = .limit(try BudgetLimit(from: decoder))
        }
    }

    /// Writes `{"share": 0.25}` or the limit's own form.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .share(let share):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(share, forKey: .share)
        case .limit(let limit):
            try limit.encode(to: encoder)
        }
    }
}
