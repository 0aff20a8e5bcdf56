import Foundation
import Model
import Testing
import Tokens

@Suite("Budget plan")
struct BudgetPlanTests {
    private func usd(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    @Test("with all six phases the documented default shares apply as they are")
    func defaultShares() {
        let plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000, usd: 10), phases: Phase.allCases)
        let allocations = plan.phaseAllocations()
        #expect(allocations[.planning] == BudgetLimit(tokens: 10_000, usd: 1))
        #expect(allocations[.architecture] == BudgetLimit(tokens: 15_000, usd: usd("1.5")))
        #expect(allocations[.data] == BudgetLimit(tokens: 10_000, usd: 1))
        #expect(allocations[.development] == BudgetLimit(tokens: 35_000, usd: usd("3.5")))
        #expect(allocations[.qa] == BudgetLimit(tokens: 20_000, usd: 2))
        #expect(allocations[.documentation] == BudgetLimit(tokens: 10_000, usd: 1))
    }

    @Test("without the data phase the shares are renormalised and still add up to the whole budget")
    func renormalised() {
        let phases: [Phase] = [.planning, .architecture, .development, .qa, .documentation]
        let allocations = BudgetPlan(workflow: BudgetLimit(tokens: 100_000, usd: 10), phases: phases)
            .phaseAllocations()
        #expect(allocations[.data] == nil)
        // 100,000 × 10/90, 15/90, 35/90, 20/90, 10/90, the two tokens rounding leaves going to the largest fractions.
        #expect(phases.map { allocations[$0]?.tokens } == [11_111, 16_667, 38_889, 22_222, 11_111])
        #expect(
            phases.map { allocations[$0]?.usd }
                == [usd("1.111111"), usd("1.666667"), usd("3.888889"), usd("2.222222"), usd("1.111111")])
        #expect(phases.compactMap { allocations[$0]?.usd }.reduce(0, +) == 10)
    }

    @Test("explicit amounts and shares are honoured first; default phases share the rest")
    func explicitAllocations() {
        var plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000), phases: Phase.allCases)
        plan.set(BudgetLimit(tokens: 30_000), for: .phase(.qa))
        plan.setShare(usd("0.5"), for: .phase(.development))
        let allocations = plan.phaseAllocations()
        #expect(allocations[.qa]?.tokens == 30_000)
        #expect(allocations[.development]?.tokens == 50_000)
        // 20,000 left over weights 10, 15, 10, 10.
        #expect(
            [Phase.planning, .architecture, .data, .documentation].map { allocations[$0]?.tokens }
                == [4_445, 6_667, 4_444, 4_444])
        plan.resetAllocation(of: .phase(.qa))
        // Back to a default weight: 20 of the 65 that share the 50,000 development leaves.
        #expect(plan.phaseAllocations()[.qa]?.tokens == 15_385)
    }

    @Test("`set` on the workflow replaces only the dimensions it names")
    func setWorkflow() {
        var plan = BudgetPlan(workflow: BudgetLimit(tokens: 1_000, usd: 5), phases: [.planning])
        plan.set(BudgetLimit(tokens: 2_000), for: .workflow)
        #expect(plan.workflow == BudgetLimit(tokens: 2_000, usd: 5))
        plan.set(BudgetLimit(usd: 7), for: .workflow)
        #expect(plan.workflow == BudgetLimit(tokens: 2_000, usd: 7))
    }

    @Test("a phase's allowance is split evenly among its agents unless set, an agent's among its subagents")
    func agentsAndSubagents() {
        var plan = BudgetPlan(
            workflow: BudgetLimit(tokens: 100_000), phases: Phase.allCases,
            agents: [.development: ["developer", "steward"]])
        // The earlier phases spent their whole allocations, so nothing rolls over into development.
        let none: [Phase: BudgetAmount] = [
            .planning: BudgetAmount(tokens: 10_000), .architecture: BudgetAmount(tokens: 15_000),
            .data: BudgetAmount(tokens: 10_000),
        ]
        #expect(plan.limit(of: .agent(.development, "developer"), used: none).tokens == 17_500)
        #expect(plan.limit(of: .agent(.development, "steward"), used: none).tokens == 17_500)
        plan.setShare(usd("0.6"), for: .agent(.development, "developer"))
        #expect(plan.limit(of: .agent(.development, "developer"), used: none).tokens == 21_000)
        #expect(plan.limit(of: .agent(.development, "steward"), used: none).tokens == 14_000)
        for subagent in ["a", "b", "c"] { plan.resetAllocation(of: .subagent(.development, "developer", subagent)) }
        #expect(plan.limit(of: .subagent(.development, "developer", "b"), used: none).tokens == 7_000)
        plan.set(BudgetLimit(tokens: 1_000), for: .subagent(.development, "developer", "c"))
        #expect(plan.limit(of: .subagent(.development, "developer", "a"), used: none).tokens == 10_000)
        #expect(plan.limit(of: .subagent(.development, "developer", "c"), used: none).tokens == 1_000)
    }

    @Test("a level the plan does not list has no limit of its own")
    func unlistedLevels() {
        let plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000), phases: [.planning], agents: [.planning: ["a"]])
        #expect(plan.limit(of: .agent(.planning, "stranger"), used: [:]) == .unlimited)
        #expect(plan.limit(of: .subagent(.planning, "a", "helper"), used: [:]) == .unlimited)
        #expect(plan.limit(of: .phase(.qa), used: [:]) == .unlimited)
    }

    @Test("setting a level for an unlisted phase inserts it in canonical order")
    func insertsPhaseInOrder() {
        var plan = BudgetPlan(workflow: BudgetLimit(tokens: 100), phases: [.planning, .qa])
        plan.set(BudgetLimit(tokens: 10), for: .agent(.development, "developer"))
        #expect(plan.phases.map(\.phase) == [.planning, .development, .qa])
        #expect(plan.phaseBudget(.development)?.agents.map(\.id) == ["developer"])
    }

    @Test("rollover: a phase that spends half its allocation leaves the rest to the next phase")
    func rollover() {
        let plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000, usd: 10), phases: Phase.allCases)
        let used: [Phase: BudgetAmount] = [.planning: BudgetAmount(tokens: 5_000, usd: usd("0.5"))]
        #expect(plan.allowance(of: .planning, used: used) == BudgetLimit(tokens: 10_000, usd: 1))
        #expect(plan.allowance(of: .architecture, used: used) == BudgetLimit(tokens: 20_000, usd: 2))
        // What architecture then leaves flows on too, and an overspend is taken back.
        let later: [Phase: BudgetAmount] = [
            .planning: BudgetAmount(tokens: 5_000), .architecture: BudgetAmount(tokens: 22_000),
        ]
        #expect(plan.allowance(of: .data, used: later).tokens == 10_000 - 2_000)
    }

    @Test("an explicit phase limit is a cap: earlier phases' rollover is not added to it, and flows on past it")
    func explicitLimitIsACap() {
        // The audit's case: 2,000,000 over six phases, planning spent 14,121 of its 200,000, architecture set to
        // 100,000 showed 185,879 (100,000 + 85,879 rolled over). It is 100,000.
        var plan = BudgetPlan(workflow: BudgetLimit(tokens: 2_000_000, usd: 20), phases: Phase.allCases)
        plan.set(BudgetLimit(tokens: 100_000), for: .phase(.architecture))
        let used: [Phase: BudgetAmount] = [.planning: BudgetAmount(tokens: 14_121, usd: 1)]
        #expect(plan.allowance(of: .architecture, used: used).tokens == 100_000)
        // The cap is in tokens only: in dollars architecture keeps its default share plus planning's rollover.
        let architectureUSD = plan.phaseAllocations()[.architecture]?.usd ?? 0
        let planningUSD = plan.phaseAllocations()[.planning]?.usd ?? 0
        #expect(plan.allowance(of: .architecture, used: used).usd == architectureUSD + planningUSD - 1)
        // What planning left is not lost: data, the next phase without a fixed limit, gets it (and what
        // architecture leaves of its 100,000).
        let allocations = plan.phaseAllocations()
        let dataOwn = allocations[.data]?.tokens ?? 0
        let planningOwn = allocations[.planning]?.tokens ?? 0
        let afterArchitecture = used.merging([.architecture: BudgetAmount(tokens: 60_000)]) { $1 }
        #expect(
            plan.allowance(of: .data, used: afterArchitecture).tokens
                == dataOwn + (planningOwn - 14_121) + (100_000 - 60_000))
        // A share is no cap: it takes rollover like a default share.
        plan.setShare(Decimal(string: "0.2")!, for: .phase(.architecture))
        let planningNow = plan.phaseAllocations()[.planning]?.tokens ?? 0
        #expect(plan.allowance(of: .architecture, used: used).tokens == 400_000 + planningNow - 14_121)
    }
}

@Suite("Budget plan as JSON")
struct BudgetPlanCodingTests {
    @Test("a plan with every kind of allocation survives a JSON round trip")
    func roundTrip() throws {
        var plan = BudgetPlan(
            workflow: BudgetLimit(tokens: 100_000, usd: Decimal(string: "12.5")), phases: Phase.allCases,
            agents: [.qa: ["qa", "reviewer"]])
        plan.setShare(Decimal(string: "0.3")!, for: .phase(.development))
        plan.set(BudgetLimit(tokens: 4_000), for: .subagent(.qa, "qa", "lint"))
        let data = try JSONEncoder().encode(plan)
        #expect(try JSONDecoder().decode(BudgetPlan.self, from: data) == plan)
        #expect(String(decoding: data, as: UTF8.self).contains(#""softThreshold":0.8"#))
    }

    @Test(
        "levels encode flat",
        arguments: [
            (BudgetLevel.workflow, "{}"), (.phase(.qa), #"{"phase":"qa"}"#),
            (.agent(.qa, "reviewer"), #"{"agent":"reviewer","phase":"qa"}"#),
            (.subagent(.qa, "reviewer", "lint"), #"{"agent":"reviewer","phase":"qa","subagent":"lint"}"#),
        ])
    func levelCoding(level: BudgetLevel, json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(level), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(BudgetLevel.self, from: Data(json.utf8)) == level)
    }

    @Test("a subagent without its agent is refused")
    func malformedLevel() {
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode(BudgetLevel.self, from: Data(#"{"phase":"qa","subagent":"lint"}"#.utf8))
        }
    }
}
