import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Enforces a budget plan before each call: reserve the call's worst case at every level, then settle to its
/// actual usage (REFERENCE.md, "Budgets under concurrency").
///
/// An actor, so checking every level on a path and recording the reservation is one step that no concurrent call
/// can interleave with: calls running together can never hold or spend more than a limit allows, however many there
/// are. Checking spend only after calls is what made other tools overshoot. The account keeps no history: the
/// engine persists the ledger and seeds a new account from its totals.
public actor BudgetAccount {
    /// The plan being enforced.
    public private(set) var plan: BudgetPlan
    /// What each level has spent, its own calls and those of every level below it.
    private var spent: [BudgetLevel: BudgetAmount]
    private var reserved: [BudgetLevel: BudgetAmount] = [:]
    private var open: [UInt64: BudgetReservation] = [:]
    private var lastID: UInt64 = 0
    private var warned: Set<WarnedLevel> = []

    private struct WarnedLevel: Hashable {
        let level: BudgetLevel
        let dimension: BudgetDimension
    }

    /// An account for `plan`, with spending so far (say, from the persisted ledger) by the level each call was
    /// charged to; each amount also counts toward every level above its own.
    public init(plan: BudgetPlan, spent: [BudgetLevel: BudgetAmount] = [:]) {
        self.plan = plan
        var totals: [BudgetLevel: BudgetAmount] = [:]
        for (level, amount) in spent {
            for charged in level.path { totals[charged, default: .zero] = totals[charged, default: .zero] + amount }
        }
        self.spent = totals
    }

    /// Holds `tokens` and `usd` at `level` and every level above it, or refuses if any of them cannot pay.
    ///
    /// - Parameters:
    ///   - tokens: the call's worst case in tokens (estimated prompt plus `max_tokens`).
    ///   - usd: its worst case in dollars, or `nil` when the model is unpriced; an unpriced call is refused on any
    ///     path with a dollar limit, since its cost could not be counted against it.
    /// - Throws: `BudgetDenial` naming the outermost level that cannot pay, with its numbers.
    public func reserve(tokens: Int, usd: Decimal?, at level: BudgetLevel) throws(BudgetDenial) -> BudgetReservation {
        let needed = BudgetAmount(tokens: Swift.max(0, tokens), usd: Swift.max(0, usd ?? 0))
        let used = self.phaseUsage()
        for charged in level.path {
            let limit = self.plan.limit(of: charged, used: used)
            let spent = self.spent[charged] ?? .zero
            let reserved = self.reserved[charged] ?? .zero
            if usd == nil, let usdLimit = limit.usd {
                throw BudgetDenial(
                    reason: .unpriced, level: charged, dimension: .usd, limit: usdLimit, spent: spent.usd,
                    reserved: reserved.usd, needed: 0)
            }
            for dimension in BudgetDimension.allCases {
                guard let cap = limit[dimension],
                    spent[dimension] + reserved[dimension] + needed[dimension] > cap
                else { continue }
                throw BudgetDenial(
                    reason: .exhausted, level: charged, dimension: dimension, limit: cap, spent: spent[dimension],
                    reserved: reserved[dimension], needed: needed[dimension])
            }
        }
        self.lastID += 1
        let reservation = BudgetReservation(id: self.lastID, level: level, amount: needed)
        self.open[reservation.id] = reservation
        for charged in level.path { self.add(needed, to: &self.reserved, at: charged) }
        return reservation
    }

    /// Replaces a reservation by what the call actually used, and reports levels that just passed the soft threshold.
    ///
    /// Settling a reservation twice (or one already released) changes nothing and reports nothing.
    @discardableResult
    public func settle(_ reservation: BudgetReservation, actual: BudgetAmount) -> [BudgetWarning] {
        guard self.open.removeValue(forKey: reservation.id) != nil else { return [] }
        for charged in reservation.level.path {
            self.add(.zero - reservation.amount, to: &self.reserved, at: charged)
            self.add(actual, to: &self.spent, at: charged)
        }
        return self.newWarnings(along: reservation.level.path)
    }

    /// Settles to a call's reported usage and cost; an unpriced call counts its tokens and no dollars (the ledger
    /// flags it).
    @discardableResult
    public func settle(_ reservation: BudgetReservation, usage: TokenUsage, cost: Cost) -> [BudgetWarning] {
        self.settle(reservation, actual: BudgetAmount(tokens: usage.total, usd: cost.usd ?? 0))
    }

    /// Gives a reservation back unused (the call was never made, or failed before using anything).
    public func release(_ reservation: BudgetReservation) {
        guard self.open.removeValue(forKey: reservation.id) != nil else { return }
        for charged in reservation.level.path { self.add(.zero - reservation.amount, to: &self.reserved, at: charged) }
    }

    /// Enforces a new plan from now on (`budget set`); spending, reservations and warnings given are kept.
    public func replacePlan(_ plan: BudgetPlan) {
        self.plan = plan
    }

    /// What a call at `level` could still spend: the least any level on its path has left (`nil` is unlimited).
    ///
    /// For a `claude-code` run this is its `--max-budget-usd`.
    public func remaining(at level: BudgetLevel) -> BudgetLimit {
        let used = self.phaseUsage()
        var least = BudgetLimit.unlimited
        for charged in level.path {
            let status = self.status(of: charged, used: used)
            for dimension in BudgetDimension.allCases {
                guard let left = status.remaining[dimension] else { continue }
                least[dimension] = least[dimension].map { Swift.min($0, left) } ?? left
            }
        }
        return least
    }

    /// Every level the plan lists or that has spent or reserved anything, parents before their children.
    public func status() -> [BudgetLevelStatus] {
        let used = self.phaseUsage()
        return self.knownLevels().map { self.status(of: $0, used: used) }
    }

    private func status(of level: BudgetLevel, used: [Phase: BudgetAmount]) -> BudgetLevelStatus {
        BudgetLevelStatus(
            level: level, limit: self.plan.limit(of: level, used: used), spent: self.spent[level] ?? .zero,
            reserved: self.reserved[level] ?? .zero)
    }

    /// What each phase has spent or holds reserved: the input of rollover.
    private func phaseUsage() -> [Phase: BudgetAmount] {
        var used: [Phase: BudgetAmount] = [:]
        for phase in Phase.allCases {
            used[phase] = (self.spent[.phase(phase)] ?? .zero) + (self.reserved[.phase(phase)] ?? .zero)
        }
        return used
    }

    private func newWarnings(along path: [BudgetLevel]) -> [BudgetWarning] {
        let used = self.phaseUsage()
        var warnings: [BudgetWarning] = []
        for level in path {
            let limit = self.plan.limit(of: level, used: used)
            let spent = self.spent[level] ?? .zero
            for dimension in BudgetDimension.allCases {
                guard let cap = limit[dimension], cap > 0, spent[dimension] >= cap * self.plan.softThreshold,
                    self.warned.insert(WarnedLevel(level: level, dimension: dimension)).inserted
                else { continue }
                warnings.append(
                    BudgetWarning(
                        level: level, dimension: dimension, limit: cap, spent: spent[dimension],
                        threshold: self.plan.softThreshold))
            }
        }
        return warnings
    }

    private func add(_ amount: BudgetAmount, to totals: inout [BudgetLevel: BudgetAmount], at level: BudgetLevel) {
        totals[level] = (totals[level] ?? .zero) + amount
    }

    /// The plan's levels in plan order, then any other level seen in spending or reservations, sorted.
    private func knownLevels() -> [BudgetLevel] {
        var levels: [BudgetLevel] = [.workflow]
        let seen = Set(self.spent.keys).union(self.reserved.keys)
        let phases =
            self.plan.phases.map(\.phase)
            + Phase.allCases.filter { phase in
                self.plan.phaseBudget(phase) == nil && seen.contains(.phase(phase))
            }
        for phase in phases {
            levels.append(.phase(phase))
            let planned = self.plan.phaseBudget(phase)?.agents ?? []
            let extraAgents = Set(
                seen.compactMap { level -> String? in
                    if case .agent(phase, let agent) = level, !planned.contains(where: { $0.id == agent }) {
                        return agent
                    }
                    return nil
                }
            ).sorted()
            for agent in planned.map(\.id) + extraAgents {
                levels.append(.agent(phase, agent))
                let plannedSubagents = planned.first { $0.id == agent }?.subagents.map(\.id) ?? []
                let extraSubagents = Set(
                    seen.compactMap { level -> String? in
                        if case .subagent(phase, agent, let subagent) = level, !plannedSubagents.contains(subagent) {
                            return subagent
                        }
                        return nil
                    }
                ).sorted()
                for subagent in plannedSubagents + extraSubagents { levels.append(.subagent(phase, agent, subagent)) }
            }
        }
        return levels
    }
}
