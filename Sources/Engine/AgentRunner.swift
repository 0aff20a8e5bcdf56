import Config
import Glob
import Model
import Snapshots

/// What an agent is asked to do in one phase attempt.
public struct AgentAssignment: Sendable {
    public var workflowID: String
    public var phase: Phase
    public var attempt: Int
    public var agentID: String
    /// The workspace root, absolute.
    public var workspace: String
    public var intake: IntakeConfig
    /// The artifacts the phase's checkpoint will require.
    public var requiredArtifacts: [GlobPattern]
    /// This agent's share of the required artifacts (agents of a phase split them).
    public var assignedArtifacts: [GlobPattern]
    /// Hand-off summaries from the phases already passed, in order.
    public var handOff: [String]
    /// How many agents the phase runs (this one included): more than one means they must work in copies.
    public var phaseAgentCount: Int = 1
    /// Hands out isolated working copies of the workspace; the engine merges them when the phase ends.
    public var workingCopies: WorkingCopies?
    /// The provider this run uses for every agent, when the run was started with one (`--provider`).
    public var providerOverride: ProviderChoice?
    /// The workflow's budgets and token ledger, when the engine keeps them for this run.
    public var budget: (any BudgetHook)?
    /// The effective policy's gates: agents are told the phase's gates and the headers files must carry.
    public var gates: [GateConfig] = []
}

/// How an agent's run ended.
public struct AgentOutcome: Sendable {
    /// The verdict of one agent run.
    public enum Status: Sendable, Hashable {
        case completed
        /// The agent cannot go on without a person (a question, a missing input); the workflow pauses.
        case blocked(reason: String)
        case failed(reason: String)
    }

    public var status: Status
    /// The hand-off summary for later phases.
    public var summary: String
    public var steps: Int
    /// Estimated tokens of the agent's whole conversation: what passing its transcript on would cost.
    public var transcriptTokens: Int

    public init(status: Status, summary: String, steps: Int, transcriptTokens: Int = 0) {
        self.status = status
        self.summary = summary
        self.steps = steps
        self.transcriptTokens = transcriptTokens
    }
}

/// Something an agent did that observers should see (the engine stores it as an event).
public indirect enum AgentActivity: Sendable {
    case step(String)
    case toolCall(tool: String, detail: String)
    case artifactWritten(path: String)
    /// Done by one of the agent's subagents (the event names the subagent).
    case by(agent: String, AgentActivity)
}

/// Runs one agent for one phase: the seam between the engine and the agent runtime.
public protocol AgentRunner: Sendable {
    /// Runs the agent to completion, reporting what it does through `report`.
    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome
}
