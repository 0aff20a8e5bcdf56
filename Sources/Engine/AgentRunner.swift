import Config
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

    public init(status: Status, summary: String, steps: Int) {
        self.status = status
        self.summary = summary
        self.steps = steps
    }
}

/// Something an agent did that observers should see (the engine stores it as an event).
public enum AgentActivity: Sendable {
    case step(String)
    case toolCall(tool: String, detail: String)
    case artifactWritten(path: String)
}

/// Runs one agent for one phase: the seam between the engine and the agent runtime.
public protocol AgentRunner: Sendable {
    /// Runs the agent to completion, reporting what it does through `report`.
    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome
}
