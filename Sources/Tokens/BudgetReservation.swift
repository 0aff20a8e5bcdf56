/// Budget held at every level of a path for one call in flight, until it is settled or released.
public struct BudgetReservation: Sendable, Hashable {
    /// Identifies the reservation within its account.
    public let id: UInt64
    /// The level the call is charged to (and, through `level.path`, every level above it).
    public let level: BudgetLevel
    /// What was reserved: the call's worst case.
    public let amount: BudgetAmount
}
