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
    /// The workspace's agent files as last parsed: read at every agent run, parsed again only when they change.
    let agentFiles = AgentFileMemo()

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
        switch runtime(for: assignment) {
        case .success(let runtime): return try await runtime.run(assignment, report: report)
        case .failure(let problem): return AgentOutcome(status: .blocked(reason: problem.reason), summary: "", steps: 0)
        }
    }

    public func mayReview(_ phase: Phase, workspace: String) -> Bool {
        let (catalog, errors) = AgentCatalog.load(workspace: workspace, memo: agentFiles)
        // Agent files that do not load are reported by the review itself.
        return !errors.isEmpty || catalog.reviewer(of: phase) != nil
    }

    public func review(
        _ assignment: ReviewAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> ReviewResult? {
        switch runtime(for: assignment.base) {
        case .success(let runtime): return try await runtime.review(assignment, report: report)
        case .failure(let problem): return .failed(reviewer: "reviewer", reason: problem.reason)
        }
    }

    /// The runtime over the workspace's agents and skills as they are now; a broken override (or a prompt file that
    /// cannot be read) would silently run something else, so it stops the agent, saying where the file is wrong.
    private func runtime(for assignment: AgentAssignment) -> Result<AgentRuntime, RuntimeUnavailable> {
        let (catalog, agentErrors) = AgentCatalog.load(workspace: assignment.workspace, memo: agentFiles)
        if let error = agentErrors.first { return .failure(RuntimeUnavailable(reason: error.description)) }
        let (skills, diagnostics) = SkillRegistry.load(workspace: assignment.workspace)
        if let error = diagnostics.first(where: { $0.diagnostic.severity == .error }) {
            return .failure(RuntimeUnavailable(reason: error.description))
        }
        return .success(
            AgentRuntime(
                catalog: catalog, skills: skills, tools: tools, providers: providers, budget: budget,
                maxConcurrentSubagents: assignment.intake.constraints?.maxConcurrentAgents
                    ?? PhaseDefaults.maxConcurrentAgents))
    }

    /// Why no runtime could be made for a workspace: its agent or skill files.
    struct RuntimeUnavailable: Error {
        var reason: String
    }
}
