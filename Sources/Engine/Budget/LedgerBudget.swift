import Model
import Providers
import StorePort
import Synchronization
import Tokens

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The budget hook of one run: before each call it reserves the call's worst case at every level (estimated
/// prompt plus `max_tokens`), refusing when a level cannot pay; after it, it charges the ledger once per
/// message id and settles the reservation to what was spent.
final class LedgerBudget: BudgetHook {
    let service: BudgetService
    let account: BudgetAccount
    let prices: PriceTable
    let estimator = TokenEstimator()
    /// Whether any level has a limit (without one, prompts are not counted before calls).
    let enforcesLimits: Bool
    /// Reservations of calls in flight, by the member and the length of the conversation they were made for.
    private let reservations = Mutex<[String: BudgetReservation]>([:])

    init(service: BudgetService, account: BudgetAccount, prices: PriceTable, enforcesLimits: Bool) {
        self.enforcesLimits = enforcesLimits
        self.service = service
        self.account = account
        self.prices = prices
    }

    func authorize(_ request: ModelRequest, scope: SpendScope, promptTokens: Int?) async -> BudgetDecision {
        let texts = request.messages.map { $0.promptTexts.joined(separator: "\n") }
        let prompt =
            promptTokens
            ?? estimator.estimate(
                system: request.system.map(\.text), messages: texts,
                toolSchemas: request.tools.map { $0.name + $0.description + $0.inputSchema.jsonString() }
            ).forBudgeting
        let model = request.model ?? scope.model
        let usd = model.flatMap {
            prices.worstCaseCost(promptTokens: prompt, maxOutputTokens: request.maxTokens, model: $0).usd
        }
        do {
            let reservation = try await account.reserve(
                tokens: prompt + request.maxTokens, usd: usd, at: Self.level(of: scope))
            reservations.withLock { $0[Self.key(scope, request)] = reservation }
            return .proceed
        } catch {
            return .deny("budget: \(error.description)")
        }
    }

    func record(_ turn: ModelTurn, request: ModelRequest, scope: SpendScope) async {
        let reservation = reservations.withLock { $0.removeValue(forKey: Self.key(scope, request)) }
        var charged = BudgetAmount.zero
        let costs = turn.calls.map { prices.cost(of: $0.usage, model: $0.model).usd }
        // A provider's own figure for the turn (claude-code's `total_cost_usd`) is kept beside the table's, spread
        // over the turn's messages; budgets charge the table's and fall back on it only for what the table cannot
        // price (README, "Tokens and budgets").
        let reported = turn.reportedCostUSD.map {
            ReportedCost.shares(of: $0, tableCosts: costs, tokens: turn.calls.map(\.usage.total))
        }
        for (index, call) in turn.calls.enumerated() {
            let share = reported?[index]
            let record = TokenUsageRecord(
                workflowID: scope.workflowID, phase: scope.phase, attempt: scope.attempt, agent: scope.agent,
                // A subagent the provider ran itself (claude-code's Task tool) is charged as that subagent.
                subagent: call.subagent ?? scope.subagent, provider: scope.provider, model: call.model,
                messageID: call.messageID,
                usage: call.usage, costUSD: costs[index].map { "\($0)" }, reportedCostUSD: share.map { "\($0)" },
                timestamp: service.context.clock.nowMilliseconds())
            guard (try? await service.recordUsage(record)) == true else { continue }
            EngineMetrics.charged(record)
            charged = charged + BudgetAmount(tokens: call.usage.total, usd: costs[index] ?? share ?? 0)
        }
        guard let reservation else { return }
        for warning in await account.settle(reservation, actual: charged) {
            await service.recordWarning(warning, scope: scope)
        }
        if EngineMetrics.recording {
            let levels: [(String, BudgetLevel)] = [
                ("workflow", .workflow), ("phase", .phase(scope.phase)), ("agent", Self.level(of: scope)),
            ]
            var left: [(name: String, left: BudgetLimit)] = []
            for (name, level) in levels { left.append((name, await account.remaining(at: level))) }
            EngineMetrics.budgetRemaining(left)
        }
    }

    func release(_ request: ModelRequest, scope: SpendScope) async {
        guard let reservation = reservations.withLock({ $0.removeValue(forKey: Self.key(scope, request)) }) else {
            return
        }
        await account.release(reservation)
    }

    func remainingUSD(scope: SpendScope) async -> Decimal? {
        await account.remaining(at: Self.level(of: scope)).usd
    }

    static func level(of scope: SpendScope) -> BudgetLevel {
        scope.subagent.map { .subagent(scope.phase, scope.agent, $0) } ?? .agent(scope.phase, scope.agent)
    }

    static func key(_ scope: SpendScope, _ request: ModelRequest) -> String {
        "\(scope.phase.rawValue)/\(scope.agent)/\(scope.subagent ?? "")/\(request.messages.count)"
    }
}
