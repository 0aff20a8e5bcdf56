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
        for call in turn.calls {
            let cost = prices.cost(of: call.usage, model: call.model)
            let record = TokenUsageRecord(
                workflowID: scope.workflowID, phase: scope.phase, attempt: scope.attempt, agent: scope.agent,
                subagent: scope.subagent, provider: scope.provider, model: call.model, messageID: call.messageID,
                usage: call.usage, costUSD: cost.usd.map { "\($0)" },
                timestamp: service.context.clock.nowMilliseconds())
            guard (try? await service.recordUsage(record)) == true else { continue }
            charged = charged + BudgetAmount(tokens: call.usage.total, usd: cost.usd ?? 0)
        }
        // A provider's own figure stands in when our table cannot price its models (claude-code reports one).
        if charged.usd == 0, let reported = turn.reportedCostUSD, charged.tokens > 0 {
            charged.usd = reported
        }
        guard let reservation else { return }
        for warning in await account.settle(reservation, actual: charged) {
            await service.recordWarning(warning, scope: scope)
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
