import Config
import Model
import Providers
import Skills
import Snapshots
import Tools

/// Carries out a phase agent on a model provider: INITIALIZE → PLAN → ACT → EVALUATE → SUMMARIZE → COMPLETE, each
/// step an event; the agent hands tasks to its subagents through its `delegate` tool. It also carries out a
/// phase's review with the agent whose `reviews:` lists the phase.
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
        let provider: any ModelProvider
        let choice = self.choice(for: config, assignment: assignment)
        do {
            provider = try providers.provider(for: choice)
        } catch {
            return AgentOutcome(status: .blocked(reason: error.description), summary: "", steps: 0)
        }
        var parent: AgentMember
        do {
            parent = try member(for: config)
        } catch {
            return AgentOutcome(status: .blocked(reason: error.description), summary: "", steps: 0)
        }
        // The agent writes the phase's artifacts it was given; it decides what its subagents do (delegate).
        parent.artifactPaths = paths
        var limits = assignment
        limits.maxConcurrentAgents = min(assignment.maxConcurrentAgents, maxConcurrentSubagents)
        let session = RuntimeSession(
            runtime: self, assignment: limits, provider: provider, model: choice.model, report: report)
        let directory: String
        if assignment.phaseAgentCount > 1, let copies = assignment.workingCopies {
            do {
                directory = try await PhaseCostMeter.measure(.workingCopySetup) { () async throws(SnapshotError) in
                    try await copies.checkout(for: config.id)
                }
            } catch {
                return AgentOutcome(
                    status: .failed(reason: "cannot make a working copy: \(error.description)"), summary: "", steps: 0)
            }
        } else {
            directory = assignment.workspace
        }
        return await session.runMember(parent, in: directory).outcome
    }

    /// The provider an agent runs on: the run's override, the agent's own, the intake's, else offline.
    func choice(for config: AgentConfig, assignment: AgentAssignment) -> ProviderChoice {
        assignment.providerOverride ?? config.provider ?? assignment.intake.provider ?? ProviderChoice(name: .offline)
    }

    /// The agent as a member, with its subagents; prompts that name files are read (a file that cannot be read is
    /// an error naming it, never prompt text).
    func member(for config: AgentConfig) throws(PromptFiles.Failure) -> AgentMember {
        var parent = AgentMember(agent: config, systemPrompt: try catalog.systemPrompt(of: config))
        var subagents: [AgentMember] = []
        for subagent in config.subagents ?? [] {
            let prompt = try catalog.systemPrompt(of: subagent, in: config)
            subagents.append(AgentMember(subagent: subagent, of: parent, systemPrompt: prompt))
        }
        parent.subagents = subagents
        return parent
    }
}
