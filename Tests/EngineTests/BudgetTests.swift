import Config
import Foundation
import JSON
import Model
import Providers
import Synchronization
import Testing
import Tokens

@testable import Engine

/// A provider that answers every call with fixed usage, counts its calls, and can repeat a message id.
final class MeteredProvider: ModelProvider {
    let name = "metered"
    let usage: TokenUsage
    private let calls = Mutex(0)
    /// Every call answers with this id when set (a provider resending one message).
    let fixedID: String?
    /// The model every message reports.
    let model: String
    /// The provider's own cost of each turn (as claude-code reports `total_cost_usd`), when set.
    let reportedCostUSD: Decimal?

    init(
        fixedID: String? = nil,
        usage: TokenUsage = TokenUsage(input: 1_000, output: 200, cacheCreation: 300, cacheRead: 400),
        model: String = "claude-sonnet-4-5", reportedCostUSD: Decimal? = nil
    ) {
        self.fixedID = fixedID
        self.usage = usage
        self.model = model
        self.reportedCostUSD = reportedCostUSD
    }

    var callCount: Int { calls.withLock { $0 } }

    func complete(
        _ request: ModelRequest, events: @escaping @Sendable (ModelStreamEvent) async -> Void
    ) async throws(ProviderError) -> ModelTurn {
        let number = calls.withLock { count -> Int in
            count += 1
            return count
        }
        let call = ModelCall(messageID: fixedID ?? "msg-\(number)", model: model, usage: usage)
        return ModelTurn(
            content: [.text("done")], stopReason: .endTurn, calls: [call], reportedCostUSD: reportedCostUSD)
    }
}

@Suite("Budgets and the ledger")
struct BudgetTests {
    static func fixture(budget: Int, provider: MeteredProvider) async throws -> EngineFixture {
        // The metered provider gives no review verdicts: these tests are about the agents' own calls.
        let intake = EngineFixture.intake(
            extra: "constraints:\n  budget_tokens: \(budget)\n  review_rounds: 0\n" + everyPhaseNeedsDocs)
        let runner = WorkspaceAgentRunner(tools: .builtin(), providers: ProviderFactory { _ in provider })
        let fixture = try await EngineFixture.make(intake: intake, agents: runner)
        try fixture.write("# notes\n", to: "docs/notes.md")
        return fixture
    }

    @Test("every call is charged with the provider's usage and its price, a repeated message id once")
    func ledgerMatchesUsage() async throws {
        let provider = MeteredProvider(fixedID: "msg-same")
        let fixture = try await Self.fixture(budget: 10_000_000, provider: provider)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        #expect(provider.callCount > 1)
        // One message id for every call: the ledger holds it once.
        #expect(report.tokens.calls == 1)
        #expect(report.tokens.usage == provider.usage)
        // Sonnet: 1,000 × $3 + 300 × $3.75 + 400 × $0.30 + 200 × $15, per million tokens.
        #expect(report.tokens.costUSD == Decimal(string: "0.007245"))
    }

    @Test("a budget that cannot pay for the first call blocks the phase before the provider is called")
    func blocksBeforeCalling() async throws {
        let provider = MeteredProvider()
        let fixture = try await Self.fixture(budget: 1, provider: provider)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .paused)
        #expect(report.reason?.contains("budget: workflow: needs") == true)
        #expect(provider.callCount == 0)
        #expect(report.tokens.calls == 0)

        let raised = try await fixture.engine.setBudget(
            workflowID: nil, tokens: 50_000_000, usd: nil, phase: nil, agent: nil)
        #expect(raised.levels.first?.limitTokens == 50_000_000)
        let resumed = try await fixture.engine.run(workflowID: nil, mode: .resume)
        #expect(resumed.status == .completed, "\(resumed.reason ?? "")")
        #expect(provider.callCount == resumed.tokens.calls)
    }

    @Test("a phase blocked by its budget says why once: the agent is named by the event, not twice in its text")
    func blockedAgentWording() async throws {
        let fixture = try await Self.fixture(budget: 1, provider: MeteredProvider())
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let events = try await fixture.engine.storedEvents(workflowID: nil)
        let ended = try #require(events.last { $0.kind == .agentStep && $0.agent != nil })
        let agent = try #require(ended.agent)
        #expect(ended.message?.hasPrefix("blocked: budget: workflow: needs") == true, "\(ended.message ?? "")")
        #expect(ended.summary == "planning · \(agent): \(ended.message ?? "")")
        #expect(report.reason?.contains("\(agent): budget: workflow: needs") == true, "\(report.reason ?? "")")
        #expect(report.reason?.contains("\(agent): \(agent):") == false)
        #expect(!events.contains { $0.summary.hasSuffix(": ") }, "\(events.map(\.summary))")
    }

    @Test("a limit of 0 is refused by the engine in the intake schema's words")
    func zeroLimitRefused() async throws {
        let fixture = try await Self.fixture(budget: 1_000_000, provider: MeteredProvider())
        defer { fixture.remove() }
        _ = try await fixture.engine.create(intakePath: "intake.yaml")
        let tokens = await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.setBudget(workflowID: nil, tokens: 0, usd: nil, phase: .qa, agent: nil)
        }
        #expect(tokens?.message == "the token limit must be greater than 0; found 0")
        let dollars = await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.setBudget(workflowID: nil, tokens: nil, usd: 0, phase: nil, agent: nil)
        }
        #expect(dollars?.message == "the dollar limit must be greater than 0; found 0")
        #expect(try await fixture.engine.budgetStatus(workflowID: nil).levels.first?.limitTokens == 1_000_000)
    }

    @Test("a provider's own cost is kept beside the table's; budgets charge the table's; a gap over 1% is named")
    func reportedCostBesideTheTable() async throws {
        let provider = MeteredProvider(reportedCostUSD: Decimal(string: "0.01"))
        let fixture = try await Self.fixture(budget: 10_000_000, provider: provider)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let calls = Decimal(report.tokens.calls)
        let usage = try await fixture.engine.budgetReport(workflowID: nil).report
        // Sonnet prices each call at $0.007245; the provider said $0.01 for each.
        #expect(usage.total.costUSD == calls * Decimal(string: "0.007245")!)
        #expect(usage.total.reportedCostUSD == calls * Decimal(string: "0.01")!)
        #expect(!usage.costDisagreements.isEmpty)
        #expect(usage.costDisagreements.allSatisfy { $0.differencePercent == Decimal(string: "38")! })
        let spent = try await fixture.engine.budgetStatus(workflowID: nil).levels.first?.spentUSD
        #expect(spent == usage.total.costUSD)
    }

    @Test("for a model the price table cannot price, the provider's own figure is what the budget charges")
    func reportedCostForAnUnpricedModel() async throws {
        let provider = MeteredProvider(model: "house-model", reportedCostUSD: Decimal(string: "0.02"))
        let fixture = try await Self.fixture(budget: 10_000_000, provider: provider)
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let usage = try await fixture.engine.budgetReport(workflowID: nil).report
        #expect(usage.total.unpricedCalls == report.tokens.calls && usage.total.costUSD == 0)
        #expect(usage.costDisagreements.isEmpty, "nothing to compare without a table price")
        let spent = try await fixture.engine.budgetStatus(workflowID: nil).levels.first?.spentUSD
        #expect(spent == Decimal(report.tokens.calls) * Decimal(string: "0.02")!)
    }

    @Test("spending past 80% of a level records one budget.warning event naming it")
    func softThreshold() async throws {
        let provider = MeteredProvider(usage: TokenUsage(input: 15_000, output: 5_000))
        let fixture = try await Self.fixture(budget: 50_000_000, provider: provider)
        defer { fixture.remove() }
        let workflow = try await fixture.engine.create(intakePath: "intake.yaml")
        _ = try await fixture.engine.setBudget(
            workflowID: workflow.id, tokens: 24_000, usd: nil, phase: .planning, agent: "planner")
        let report = try await fixture.engine.run(workflowID: workflow.id, mode: .start)
        #expect(report.status == .completed, "\(report.reason ?? "")")
        let warnings = try await fixture.engine.storedEvents(workflowID: workflow.id).filter {
            $0.kind == .budgetWarning
        }
        #expect(warnings.count == 1)
        #expect(warnings.first?.phase == .planning && warnings.first?.agent == "planner")
        #expect(warnings.first?.message?.contains("agent planning/planner") == true)
    }

    @Test("budget levels are stored by name and read back")
    func scopeNames() {
        for level: Tokens.BudgetLevel in [
            .workflow, .phase(.qa), .agent(.qa, "qa"), .subagent(.development, "developer", "developer.backend"),
        ] {
            #expect(BudgetScopeName.level(BudgetScopeName.name(of: level)) == level)
        }
        #expect(BudgetScopeName.level("phase:nowhere") == nil)
        #expect(BudgetScopeName.level("agent:qa") == nil)
    }
}
