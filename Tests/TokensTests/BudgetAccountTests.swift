import Foundation
import Model
import Testing
import Tokens

@Suite("Budget account")
struct BudgetAccountTests {
    private func usd(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    /// One phase with one agent: every level's limit is the workflow's.
    private func singleAgentPlan(tokens: Int? = 10_000, usd: Decimal? = nil) -> BudgetPlan {
        BudgetPlan(
            workflow: BudgetLimit(tokens: tokens, usd: usd), phases: [.development],
            agents: [.development: ["developer"]])
    }

    @Test("a hundred concurrent reservations never together exceed the limit")
    func concurrentReservations() async {
        let account = BudgetAccount(plan: self.singleAgentPlan())
        let granted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<100 {
                group.addTask {
                    (try? await account.reserve(tokens: 300, usd: nil, at: .agent(.development, "developer")))
                        .map { _ in 1 } ?? 0
                }
            }
            return await group.reduce(0, +)
        }
        #expect(granted == 33)
        let statuses = await account.status()
        #expect(statuses.allSatisfy { $0.reserved.tokens == 9_900 && $0.spent == .zero })
    }

    @Test("concurrent reserve-and-settle cycles across agents keep spending within every limit")
    func concurrentCycles() async {
        var plan = BudgetPlan(
            workflow: BudgetLimit(tokens: 20_000, usd: 2), phases: [.qa], agents: [.qa: ["qa", "reviewer"]])
        plan.set(BudgetLimit(tokens: 6_000), for: .agent(.qa, "reviewer"))
        let account = BudgetAccount(plan: plan)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                let agent = index.isMultiple(of: 2) ? "qa" : "reviewer"
                group.addTask {
                    guard
                        let reservation = try? await account.reserve(
                            tokens: 500, usd: Decimal(string: "0.04"), at: .agent(.qa, agent))
                    else { return }
                    await Task.yield()
                    await account.settle(reservation, actual: BudgetAmount(tokens: 450, usd: Decimal(string: "0.03")!))
                }
            }
        }
        for status in await account.status() {
            #expect(status.reserved == .zero, "\(status.level)")
            for dimension in BudgetDimension.allCases {
                if let limit = status.limit[dimension] { #expect(status.spent[dimension] <= limit, "\(status.level)") }
            }
        }
        let reviewer = await account.status().first { $0.level == .agent(.qa, "reviewer") }
        #expect(reviewer?.spent.tokens == 12 * 450)
    }

    @Test("a denial names the level and the numbers")
    func denialMessage() async throws {
        var plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000), phases: [.qa])
        plan.set(BudgetLimit(tokens: 20_000), for: .phase(.qa))
        let account = BudgetAccount(plan: plan, spent: [.agent(.qa, "qa"): BudgetAmount(tokens: 16_400)])
        let inFlight = try await account.reserve(tokens: 500, usd: nil, at: .agent(.qa, "reviewer"))
        await #expect {
            _ = try await account.reserve(tokens: 12_000, usd: nil, at: .agent(.qa, "qa"))
        } throws: { error in
            guard let denial = error as? BudgetDenial else { return false }
            return denial.reason == .exhausted && denial.level == .phase(.qa) && denial.dimension == .tokens
                && denial.limit == 20_000 && denial.spent == 16_400 && denial.reserved == 500 && denial.needed == 12_000
                && denial.available == 3_100
                && denial.description
                    == "phase qa: needs 12,000 tokens, 3,100 of 20,000 left (500 reserved by calls in flight)"
        }
        await account.release(inFlight)
        do {
            _ = try await account.reserve(tokens: 12_000, usd: nil, at: .agent(.qa, "qa"))
            Issue.record("expected a denial")
        } catch {
            #expect(error.description == "phase qa: needs 12,000 tokens, 3,600 of 20,000 left")
        }
    }

    @Test("the outermost level that cannot pay is named, in dollars when dollars run out")
    func dollarDenial() async {
        let account = BudgetAccount(plan: self.singleAgentPlan(tokens: nil, usd: 1))
        do {
            _ = try await account.reserve(tokens: 10, usd: self.usd("1.25"), at: .agent(.development, "developer"))
            Issue.record("expected a denial")
        } catch {
            #expect(error.level == .workflow)
            #expect(error.description == "workflow: needs $1.25, $1.00 of $1.00 left")
        }
    }

    @Test("an unpriced call is refused where a dollar limit applies, allowed where none does")
    func unpriced() async throws {
        let limited = BudgetAccount(plan: self.singleAgentPlan(usd: 5))
        do {
            _ = try await limited.reserve(tokens: 10, usd: nil, at: .phase(.development))
            Issue.record("expected a denial")
        } catch {
            #expect(error.reason == .unpriced)
            #expect(error.level == .workflow)
        }
        let tokensOnly = BudgetAccount(plan: self.singleAgentPlan())
        _ = try await tokensOnly.reserve(tokens: 10, usd: nil, at: .phase(.development))
    }

    @Test("settling replaces the reservation by actual use and releases the difference, once")
    func settleReleasesDifference() async throws {
        let account = BudgetAccount(plan: self.singleAgentPlan(usd: 1))
        let level = BudgetLevel.agent(.development, "developer")
        let reservation = try await account.reserve(tokens: 5_000, usd: self.usd("0.5"), at: level)
        #expect(await account.remaining(at: level) == BudgetLimit(tokens: 5_000, usd: self.usd("0.5")))
        let usage = TokenUsage(input: 700, output: 300, cacheCreation: 200)
        await account.settle(reservation, usage: usage, cost: .priced(self.usd("0.0123")))
        #expect(await account.remaining(at: level) == BudgetLimit(tokens: 8_800, usd: self.usd("0.9877")))
        await account.settle(reservation, usage: usage, cost: .priced(self.usd("0.0123")))
        await account.release(reservation)
        #expect(await account.remaining(at: level) == BudgetLimit(tokens: 8_800, usd: self.usd("0.9877")))
    }

    @Test("rollover through the account: a phase may spend what the phase before it left")
    func rolloverInAccount() async throws {
        let plan = BudgetPlan(workflow: BudgetLimit(tokens: 100_000), phases: Phase.allCases)
        let account = BudgetAccount(plan: plan, spent: [.agent(.planning, "consensus"): BudgetAmount(tokens: 5_000)])
        _ = try await account.reserve(tokens: 20_000, usd: nil, at: .phase(.architecture))
        await #expect(throws: BudgetDenial.self) {
            _ = try await account.reserve(tokens: 1, usd: nil, at: .phase(.architecture))
        }
    }

    @Test("passing the soft threshold warns once for each level that passed it")
    func softThresholdOnce() async throws {
        let account = BudgetAccount(plan: self.singleAgentPlan())
        let level = BudgetLevel.agent(.development, "developer")
        let first = try await account.reserve(tokens: 7_000, usd: nil, at: level)
        #expect(await account.settle(first, actual: BudgetAmount(tokens: 7_000)).isEmpty)
        let second = try await account.reserve(tokens: 1_500, usd: nil, at: level)
        let warnings = await account.settle(second, actual: BudgetAmount(tokens: 1_500))
        #expect(warnings.map(\.level) == [.workflow, .phase(.development), level])
        #expect(
            warnings.first?.description
                == "workflow: 8,500 of 10,000 tokens spent (85%), past the 80% warning threshold")
        let third = try await account.reserve(tokens: 500, usd: nil, at: level)
        #expect(await account.settle(third, actual: BudgetAmount(tokens: 500)).isEmpty)
    }

    @Test("seeded spending counts at its level and every level above, and status lists the tree")
    func seededStatus() async {
        let plan = BudgetPlan(
            workflow: BudgetLimit(tokens: 100_000), phases: [.planning, .architecture],
            agents: [.planning: ["consensus"], .architecture: ["architect", "steward"]])
        let account = BudgetAccount(
            plan: plan,
            spent: [
                .agent(.planning, "consensus"): BudgetAmount(tokens: 1_000),
                .subagent(.planning, "consensus", "scout"): BudgetAmount(tokens: 500),
            ])
        let statuses = await account.status()
        #expect(
            statuses.map(\.level) == [
                .workflow, .phase(.planning), .agent(.planning, "consensus"),
                .subagent(.planning, "consensus", "scout"),
                .phase(.architecture), .agent(.architecture, "architect"), .agent(.architecture, "steward"),
            ])
        #expect(statuses.map(\.spent.tokens) == [1_500, 1_500, 1_500, 500, 0, 0, 0])
        // 100,000 × 10/25 = 40,000 for planning; architecture 60,000 plus the 38,500 planning left.
        #expect(statuses.map(\.limit.tokens) == [100_000, 40_000, 40_000, nil, 98_500, 49_250, 49_250])
    }

    @Test("a new plan takes effect for the next reservation")
    func replacePlan() async throws {
        let account = BudgetAccount(plan: self.singleAgentPlan(tokens: 1_000))
        await #expect(throws: BudgetDenial.self) {
            _ = try await account.reserve(tokens: 2_000, usd: nil, at: .phase(.development))
        }
        var raised = await account.plan
        raised.set(BudgetLimit(tokens: 5_000), for: .workflow)
        await account.replacePlan(raised)
        _ = try await account.reserve(tokens: 2_000, usd: nil, at: .phase(.development))
    }
}
