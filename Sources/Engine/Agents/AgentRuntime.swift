import Config
import Model
import Providers
import Skills
import Snapshots
import Tools

/// Carries out a phase agent on a model provider: INITIALIZE → PLAN → ACT → SUMMARIZE → COMPLETE, each step
/// an event, with its subagents running concurrently (bounded) in their own working copies.
public struct AgentRuntime: AgentRunner {
    public let catalog: AgentCatalog
    public let skills: SkillRegistry
    public let tools: ToolRegistry
    let providers: ProviderFactory
    let budget: any BudgetHook
    let maxConcurrentSubagents: Int

    public init(
        catalog: AgentCatalog, skills: SkillRegistry, tools: ToolRegistry, providers: ProviderFactory,
        budget: any BudgetHook = StepCapBudget(),
        maxConcurrentSubagents: Int = PhaseDefaults.maxConcurrentAgents
    ) {
        self.catalog = catalog
        self.skills = skills
        self.tools = tools
        self.providers = providers
        self.budget = budget
        self.maxConcurrentSubagents = max(1, maxConcurrentSubagents)
    }

    public func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome {
        guard let config = catalog.agent(id: assignment.agentID) else {
            return AgentOutcome(
                status: .failed(reason: "no agent '\(assignment.agentID)' (built in or in agents/*.yaml)"),
                summary: "", steps: 0)
        }
        let stem = ProjectName.identifier(assignment.intake.project.name)
        var paths: [String] = []
        for pattern in assignment.assignedArtifacts {
            let extensionStem = pattern.text.hasSuffix(".py") ? stem : ProjectName.identifier(stem, separator: "-")
            guard let path = ArtifactNaming.path(for: pattern, stem: extensionStem) else {
                return AgentOutcome(
                    status: .failed(reason: "cannot name a file that matches '\(pattern.text)'"), summary: "", steps: 0)
            }
            paths.append(path)
        }
        let choice =
            assignment.providerOverride ?? config.provider ?? assignment.intake.provider
            ?? ProviderChoice(name: .offline)
        let provider: any ModelProvider
        do {
            provider = try providers.provider(for: choice)
        } catch {
            return AgentOutcome(status: .blocked(reason: error.description), summary: "", steps: 0)
        }

        // The agent and its subagents share its artifacts round robin; a subagent with nothing to write stays idle.
        var parent = AgentMember(agent: config, systemPrompt: catalog.systemPrompt(of: config))
        var subagents = (config.subagents ?? []).map { AgentMember(subagent: $0, of: parent) }
        let workers = 1 + subagents.count
        parent.artifactPaths = paths.enumerated().filter { $0.offset % workers == 0 }.map(\.element)
        for index in subagents.indices {
            subagents[index].artifactPaths =
                paths.enumerated().filter { $0.offset % workers == index + 1 }.map(\.element)
        }
        subagents.removeAll { $0.artifactPaths.isEmpty }
        let isolated = assignment.phaseAgentCount > 1 || !subagents.isEmpty
        let session = RuntimeSession(
            runtime: self, assignment: assignment, provider: provider, model: choice.model, isolated: isolated,
            report: report)

        let delegated = await session.runSubagents(subagents, limit: maxConcurrentSubagents)
        let delegatedTranscripts = delegated.reduce(0) { $0 + $1.transcriptTokens }
        if let problem = delegated.first(where: { !$0.isCompleted }) {
            return AgentOutcome(
                status: problem.status, summary: delegated.map(\.summary).joined(separator: "; "),
                steps: delegated.reduce(0) { $0 + $1.steps }, transcriptTokens: delegatedTranscripts)
        }
        let own = await session.runMember(parent, delegated: delegated.map(\.summary))
        // The phase's hand-off carries what the subagents did too: later phases never see them otherwise.
        let summary = ([own.summary] + delegated.map(\.summary)).filter { !$0.isEmpty }.joined(separator: "; ")
        return AgentOutcome(
            status: own.status, summary: summary, steps: own.steps + delegated.reduce(0) { $0 + $1.steps },
            transcriptTokens: own.transcriptTokens + delegatedTranscripts)
    }
}
