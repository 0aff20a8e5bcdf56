import ArgumentParser
import Config
import Engine
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator budget`: token budgets of a workflow, and what its model calls cost.
struct BudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget", abstract: "Show and set token budgets; report what the model calls used and cost.",
        subcommands: [BudgetStatus.self, BudgetSet.self, BudgetReport.self, BudgetContext.self])
}

/// `orchestrator budget status`.
struct BudgetStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Every budget level: spent / limit / remaining, with a bar.")

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine(access: .readOnly)
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.budgetStatus(workflowID: selection.workflow)
        }
        if options.json { return try JSONOutput.print(report) }
        print(BudgetText.status(report), terminator: "")
    }
}

/// `orchestrator budget set`.
struct BudgetSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set the limit of the workflow, a phase (--phase) or an agent (--agent); then 'run resume'.")

    @Option(help: ArgumentHelp("The token limit.", valueName: "n")) var maxTokens: Int?
    @Option(help: ArgumentHelp("The limit in US dollars (e.g. 2.50).", valueName: "usd")) var usd: String?
    @Option(help: ArgumentHelp("Instead of fixed limits: this percent of the parent's budget.", valueName: "percent"))
    var share: String?
    @Option(help: ArgumentHelp("Limit this phase instead of the workflow.", valueName: "phase")) var phase: Phase?
    @Option(help: ArgumentHelp("Limit this agent (in --phase, or every phase it serves).", valueName: "id"))
    var agent: String?
    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        var dollars: Decimal?
        if let usd {
            guard let value = Decimal(string: usd), value.isFinite else {
                throw CommandFailure.usage("--usd expects an amount such as 2.50, got '\(usd)'")
            }
            dollars = value
        }
        if let violation = BudgetLimitCheck.violation(tokens: maxTokens, usd: dollars) {
            throw CommandFailure.usage(
                violation.message(subject: violation.field == .tokens ? "--max-tokens" : "--usd"))
        }
        var percent: Decimal?
        if let share {
            guard let value = Decimal(string: share) else {
                throw CommandFailure.usage("--share expects a percentage such as 30, got '\(share)'")
            }
            percent = value
        }
        let engine = try await options.engine()
        let report = try await engineCall { [percent] () async throws(EngineError) in
            try await engine.setBudget(
                workflowID: selection.workflow, tokens: maxTokens, usd: dollars, phase: phase, agent: agent,
                sharePercent: percent)
        }
        if options.json { return try JSONOutput.print(report) }
        print(BudgetText.status(report), terminator: "")
    }
}

/// `orchestrator budget report`.
struct BudgetReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Tokens and cost by phase, agent and model, from the ledger.")

    /// How the report is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv
    }

    @Option(help: "table (default), json or csv.") var format: Format = .table
    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine(access: .readOnly)
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.budgetReport(workflowID: selection.workflow)
        }
        switch options.json ? .json : format {
        case .json: try JSONOutput.print(report)
        case .csv: print(report.report.csv(), terminator: "")
        case .table: print("workflow \(report.workflow)\n" + report.report.tableText(), terminator: "")
        }
    }
}

/// `orchestrator budget context`.
struct BudgetContext: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Tokens sent with and without each context strategy (selective loading, summaries, hand-offs, cache)."
    )

    @Option(help: ArgumentHelp("Tokens selective loading may fill.", valueName: "n")) var allotment = 4_000
    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
        let result = try await engineCall { () async throws(EngineError) in
            try await engine.contextReport(workflowID: selection.workflow, allotment: allotment)
        }
        if options.json { return try JSONOutput.print(result) }
        print(
            "workflow \(result.workflow): \(result.documents) documents, allotment \(result.allotment) tokens\n"
                + result.report.table(), terminator: "")
    }
}

extension Phase: ExpressibleByArgument {}
