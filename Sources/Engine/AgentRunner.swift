import Config
import Glob
import Governance
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
    /// The effective policy: skill step checks that run commands may run only its `allowed_commands`.
    public var policy: EffectivePolicy?
    /// A review round whose findings this agent must answer (fix, or dismiss with a reason), when it has one.
    public var feedback: ReviewRound?
    /// How many agents and subagents may work at once (`max_concurrent_agents`).
    public var maxConcurrentAgents: Int = PhaseDefaults.maxConcurrentAgents
    /// The documents the phase's agents start from, read once from the previous checkpoint (nil: list the directory).
    public var contextIndex: ContextIndex?
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
    /// The agent's answers to the findings of `AgentAssignment.feedback`, by finding number.
    public var answers: [Int: ReviewAnswer]
    /// Paths the agent (and its subagents) changed in its directory, sorted; what a delegation hands back.
    public var changedPaths: [String]
    /// Whether `changedPaths` is every change the agent made, written by renames (only tools that promise it ran):
    /// a checkpoint after it alone may then snapshot from those paths instead of walking. False unless known.
    public var changesComplete: Bool

    public init(
        status: Status, summary: String, steps: Int, transcriptTokens: Int = 0, answers: [Int: ReviewAnswer] = [:],
        changedPaths: [String] = [], changesComplete: Bool = false
    ) {
        self.status = status
        self.summary = summary
        self.steps = steps
        self.transcriptTokens = transcriptTokens
        self.answers = answers
        self.changedPaths = changedPaths
        self.changesComplete = changesComplete
    }
}

/// Something an agent did that observers should see (the engine stores it as an event).
public indirect enum AgentActivity: Sendable {
    case step(String)
    case toolCall(tool: String, detail: String)
    case artifactWritten(path: String)
    /// Done by one of the agent's subagents (the event names the subagent).
    case by(agent: String, AgentActivity)
    /// A tool call that served a skill step (`skill: step`).
    case stepToolCall(tool: String, detail: String, step: String)
    /// A skill step's checks ran: passed, or failed with what failed.
    case stepEvaluated(step: String, passed: Bool, detail: String)
    /// The agent handed a task to a subagent.
    case delegationStarted(Delegation)
    /// A delegated task ended: the subagent's summary and the paths it changed went back to the agent.
    case delegationEnded(Delegation)
}

/// Runs one agent for one phase: the seam between the engine and the agent runtime.
public protocol AgentRunner: Sendable {
    /// Runs the agent to completion, reporting what it does through `report`.
    func run(
        _ assignment: AgentAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> AgentOutcome

    /// Has the agent that reviews the assignment's phase (its `reviews:` lists the phase) review one round; nil
    /// when no agent reviews the phase (then the phase has no review).
    func review(
        _ assignment: ReviewAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> ReviewResult?

    /// Whether some agent may review `phase` in `workspace`: false lets a phase skip what a review needs (listing
    /// the workspace).
    func mayReview(_ phase: Phase, workspace: String) -> Bool
}

extension AgentRunner {
    /// Unless a runner says otherwise, any phase may have a review.
    public func mayReview(_ phase: Phase, workspace: String) -> Bool { true }

    /// Runners without reviewers (the engine's stand-ins in tests) review nothing.
    public func review(
        _ assignment: ReviewAssignment, report: @escaping @Sendable (AgentActivity) async -> Void
    ) async throws -> ReviewResult? {
        nil
    }
}

/// One round of a phase's review: what the reviewer is shown and what came before.
public struct ReviewAssignment: Sendable {
    /// The phase, its workspace and its hand-offs, as the phase's agents got them; `agentID` is unused (the
    /// runner finds the phase's reviewer).
    public var base: AgentAssignment
    public var kind: ReviewRound.Kind
    /// This round's number, from 1.
    public var round: Int
    /// The most rounds the review may take.
    public var rounds: Int
    /// The files under review, workspace-relative: the phase's decisions (or, in a code review, the changed files).
    public var files: [String]
    /// The unified diff since the previous checkpoint (code review); empty for a decision review.
    public var diff: String
    /// The previous round, with the answers its findings got, when this is not the first.
    public var previous: ReviewRound?

    public init(
        base: AgentAssignment, kind: ReviewRound.Kind, round: Int, rounds: Int, files: [String], diff: String = "",
        previous: ReviewRound? = nil
    ) {
        self.base = base
        self.kind = kind
        self.round = round
        self.rounds = rounds
        self.files = files
        self.diff = diff
        self.previous = previous
    }
}

/// What one round of review came to.
public enum ReviewResult: Sendable {
    /// The reviewer's verdict, with its numbered findings.
    case verdict(ReviewRound, steps: Int)
    /// The review could not be carried out (the reviewer failed, or its budget level could not pay).
    case failed(reviewer: String, reason: String)
}
