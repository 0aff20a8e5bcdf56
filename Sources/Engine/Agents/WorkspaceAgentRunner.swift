import Config
import Model
import Skills
import Tools

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The agent runner the CLI and the server use: reads the workspace's agents and skills at every agent run
/// (an edit applies from the next phase on) and runs the agent with the `AgentRuntime`.
public struct WorkspaceAgentRunner: AgentRunner {
    let tools: ToolRegistry
    let providers: ProviderFactory
    let budget: any BudgetHook

    public init(
        tools: ToolRegistry = .builtin(configuration: .fromEnvironment(ProcessInfo.processInfo.environment)),
        providers: ProviderFactory = .standard(),
        budget: any BudgetHook = StepCapBudget()
    ) {
        self.tools = tools
        self.providers = providers
        self.budget = budget
        // The built-in agents and skills are parsed from embedded YAML on first use (about 7 ms); start now,
        // on another core, so the first phase does not wait for it while the intake and store are opened.
        Task.detached(priority: .utility) {
            _ = BuiltinAgents.all
            _ = BuiltinSkills.all
        }
    }

    public func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        let (catalog, agentErrors) = AgentCatalog.load(workspace: assignment.workspace)
        // A broken override would silently run the built-in agent instead: stop and say where the file is wrong.
        if let error = agentErrors.first {
            return AgentOutcome(status: .blocked(reason: error.description), summary: "", steps: 0)
        }
        let (skills, diagnostics) = SkillRegistry.load(workspace: assignment.workspace)
        if let error = diagnostics.first(where: { $0.diagnostic.severity == .error }) {
            return AgentOutcome(status: .blocked(reason: error.description), summary: "", steps: 0)
        }
        let runtime = AgentRuntime(
            catalog: catalog, skills: skills, tools: tools, providers: providers, budget: budget,
            maxConcurrentSubagents: assignment.intake.constraints?.maxConcurrentAgents
                ?? PhaseDefaults.maxConcurrentAgents)
        return try await runtime.run(assignment, report: report)
    }
}
