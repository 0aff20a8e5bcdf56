import Config
import Engine
import JSONRPC
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `budget/set` params.
struct BudgetSetParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    var maxTokens: Int?
    /// US dollars as a decimal string (`"2.50"`), so no amount passes through binary floating point.
    var usd: String?
    var phase: Phase?
    var agent: String?
    /// Instead of fixed limits: this percent of the parent level's budget (a decimal string, `"30"`).
    var share: String?
}

/// `budget/context` params.
struct BudgetContextParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    /// Tokens selective loading may fill (default 4000).
    var allotment: Int?
}

/// `budget/context`: tokens sent with and without each context strategy.
enum BudgetContextMethod: JSONRPCMethod {
    typealias Params = BudgetContextParams
    typealias Result = ContextReportResult
    static let name = "budget/context"
}

/// `budget/status`: every budget level of a workflow.
enum BudgetStatusMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = BudgetStatusReport
    static let name = "budget/status"
}

/// `budget/set`: a limit for the workflow, a phase or an agent.
enum BudgetSetMethod: JSONRPCMethod {
    typealias Params = BudgetSetParams
    typealias Result = BudgetStatusReport
    static let name = "budget/set"
}

/// `budget/report`: the ledger by phase, agent and model, with costs.
enum BudgetReportMethod: JSONRPCMethod {
    typealias Params = WorkflowTarget
    typealias Result = BudgetUsageReport
    static let name = "budget/report"
}

extension OrchestratorServer {
    /// Registers `budget/*`: the same engine operations as the CLI's `budget` commands.
    func registerBudgetMethods(on router: inout JSONRPCRouter) {
        let registry = self.engines
        router.register(BudgetStatusMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.budgetStatus(workflowID: params.workflow)
            }
        }
        router.register(BudgetSetMethod.self) { params, _ in
            var usd: Decimal?
            if let text = params.usd {
                guard let value = Decimal(string: text), value.isFinite else {
                    throw JSONRPCError.invalidParams(
                        "field \"usd\": expected an amount such as \"2.50\", got \"\(text)\"")
                }
                usd = value
            }
            if let violation = BudgetLimitCheck.violation(tokens: params.maxTokens, usd: usd) {
                let field = violation.field == .tokens ? "maxTokens" : "usd"
                var invalid = JSONRPCError.invalidParams(violation.message(subject: "member \"/\(field)\""))
                invalid.data = ["pointer": .string("/\(field)")]
                throw invalid
            }
            var share: Decimal?
            if let text = params.share {
                guard let value = Decimal(string: text) else {
                    throw JSONRPCError.invalidParams(
                        "field \"share\": expected a percentage such as \"30\", got \"\(text)\"")
                }
                share = value
            }
            return try await engineCall(registry, params.workspace) { [usd, share] engine throws(EngineError) in
                try await engine.setBudget(
                    workflowID: params.workflow, tokens: params.maxTokens, usd: usd, phase: params.phase,
                    agent: params.agent, sharePercent: share)
            }
        }
        router.register(BudgetContextMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.contextReport(workflowID: params.workflow, allotment: params.allotment ?? 4_000)
            }
        }
        router.register(BudgetReportMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.budgetReport(workflowID: params.workflow)
            }
        }
    }
}
