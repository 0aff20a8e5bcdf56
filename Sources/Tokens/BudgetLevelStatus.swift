/// Where one level of the budget stands: its limit, what it has spent and holds reserved, and what is left.
public struct BudgetLevelStatus: Sendable, Hashable, Codable {
    /// The level.
    public var level: BudgetLevel
    /// Its limit now (for a phase, its allowance including rollover); `nil` dimensions are unlimited.
    public var limit: BudgetLimit
    /// What it has spent.
    public var spent: BudgetAmount
    /// What calls in flight hold reserved.
    public var reserved: BudgetAmount
    /// What is left for new calls at this level alone (`limit - spent - reserved`, possibly negative).
    public var remaining: BudgetLimit

    /// Creates a status line.
    public init(level: BudgetLevel, limit: BudgetLimit, spent: BudgetAmount, reserved: BudgetAmount) {
        self.level = level
        self.limit = limit
        self.spent = spent
        self.reserved = reserved
        var remaining = BudgetLimit.unlimited
        for dimension in BudgetDimension.allCases {
            remaining[dimension] = limit[dimension].map { $0 - spent[dimension] - reserved[dimension] }
        }
        self.remaining = remaining
    }
}
