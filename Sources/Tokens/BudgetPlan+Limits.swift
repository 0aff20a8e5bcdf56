import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension BudgetPlan {
    /// Digits after the point that dollar allocations keep (micro-dollars); tokens are whole.
    static let usdPlaces = 6

    /// Each listed phase's allocation before rollover: its share (or fixed amount) of the workflow's limit.
    public func phaseAllocations() -> [Phase: BudgetLimit] {
        let limits = Self.split(
            self.workflow, allocations: self.phases.map(\.allocation),
            defaultWeights: self.phases.map { Self.defaultPhaseShares[$0.phase] ?? 0 })
        return Dictionary(zip(self.phases.map(\.phase), limits), uniquingKeysWith: { first, _ in first })
    }

    /// A phase's allowance: its allocation plus what the phases before it left of theirs (negative if they overspent).
    ///
    /// A fixed limit set on the phase itself (`budget set --phase P --max-tokens N`) is a cap: in that dimension the
    /// allowance is exactly the limit, and nothing rolls into it. What earlier phases left is not lost: it flows on to
    /// the next phase without a fixed limit of its own. Shares and default shares take rollover.
    ///
    /// - Parameter used: what each phase has spent or holds reserved so far.
    public func allowance(of phase: Phase, used: [Phase: BudgetAmount]) -> BudgetLimit {
        let allocations = self.phaseAllocations()
        guard let own = allocations[phase] else { return .unlimited }
        var allowance = own
        let capped = self.phaseBudget(phase).map(Self.cappedDimensions) ?? []
        for earlier in self.phases.prefix(while: { $0.phase != phase }) {
            guard let allocation = allocations[earlier.phase] else { continue }
            let spent = used[earlier.phase] ?? .zero
            for dimension in BudgetDimension.allCases where !capped.contains(dimension) {
                guard let current = allowance[dimension], let allocated = allocation[dimension] else { continue }
                allowance[dimension] = current + allocated - spent[dimension]
            }
        }
        return allowance
    }

    /// The dimensions in which a phase has a fixed limit of its own.
    private static func cappedDimensions(_ planned: PhaseBudget) -> Set<BudgetDimension> {
        guard case .limit(let limit) = planned.allocation else { return [] }
        return Set(BudgetDimension.allCases.filter { limit[$0] != nil })
    }

    /// The limit of any level, given what each phase has used so far (rollover makes phase limits move).
    public func limit(of level: BudgetLevel, used: [Phase: BudgetAmount]) -> BudgetLimit {
        switch level {
        case .workflow:
            return self.workflow
        case .phase(let phase):
            return self.allowance(of: phase, used: used)
        case .agent(let phase, let agent):
            guard let planned = self.phaseBudget(phase),
                let index = planned.agents.firstIndex(where: { $0.id == agent })
            else { return .unlimited }
            return self.agentLimits(of: planned, used: used)[index]
        case .subagent(let phase, let agent, let subagent):
            guard let planned = self.phaseBudget(phase),
                let agentIndex = planned.agents.firstIndex(where: { $0.id == agent }),
                let index = planned.agents[agentIndex].subagents.firstIndex(where: { $0.id == subagent })
            else { return .unlimited }
            let agentLimit = self.agentLimits(of: planned, used: used)[agentIndex]
            let subagents = planned.agents[agentIndex].subagents
            return Self.split(
                agentLimit, allocations: subagents.map(\.allocation),
                defaultWeights: subagents.map { _ in 1 })[index]
        }
    }

    /// The limits of a phase's agents, in plan order: its allowance split evenly unless set.
    private func agentLimits(of planned: PhaseBudget, used: [Phase: BudgetAmount]) -> [BudgetLimit] {
        Self.split(
            self.allowance(of: planned.phase, used: used), allocations: planned.agents.map(\.allocation),
            defaultWeights: planned.agents.map { _ in 1 })
    }

    /// Splits `parent` among children with these allocations, each dimension on its own.
    private static func split(
        _ parent: BudgetLimit, allocations: [BudgetAllocation?], defaultWeights: [Decimal]
    ) -> [BudgetLimit] {
        var limits = [BudgetLimit](repeating: .unlimited, count: allocations.count)
        for dimension in BudgetDimension.allCases {
            let claims = zip(allocations, defaultWeights).map { allocation, weight -> Apportionment.Claim in
                switch allocation {
                case .share(let share): return .share(share)
                case .limit(let limit): return limit[dimension].map { .fixed($0) } ?? .weight(weight)
                case nil: return .weight(weight)
                }
            }
            let places = dimension == .tokens ? 0 : Self.usdPlaces
            for (index, amount) in Apportionment.split(parent[dimension], claims: claims, places: places).enumerated() {
                limits[index][dimension] = amount
            }
        }
        return limits
    }
}
