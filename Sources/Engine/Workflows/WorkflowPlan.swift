import Config
import Glob
import Governance
import Model
import Snapshots

/// What a workflow will do, resolved from its intake: phases in order, each with its agents and required artifacts.
public struct WorkflowPlan: Sendable {
    /// One phase of the plan.
    public struct PhasePlan: Sendable {
        public var phase: Phase
        public var agents: [String]
        public var artifacts: [GlobPattern]
    }

    public var intake: IntakeConfig
    public var phases: [PhasePlan]
    public var maxConcurrentAgents: Int
    /// The provider this run uses for every agent, overriding the intake and agent choices (`--provider`).
    public var providerOverride: ProviderChoice?
    /// The run's budgets and ledger, set when the run starts.
    var budget: (any BudgetHook)?
    /// The governance policy the run's checkpoints are judged by, read when the run starts or resumes.
    public var policy: EffectivePolicy?

    /// Resolves an intake; an unusable artifact glob is an error with the intake's text to point into.
    public init(intake: IntakeConfig) throws(EngineError) {
        self.intake = intake
        maxConcurrentAgents = max(1, intake.constraints?.maxConcurrentAgents ?? PhaseDefaults.maxConcurrentAgents)
        var phases: [PhasePlan] = []
        for phase in Set(intake.phases).sorted() {
            let agents = intake.agents(for: phase) ?? BuiltinAgents.defaultAgents(for: phase)
            var patterns: [GlobPattern] = []
            for text in intake.artifacts(for: phase) ?? PhaseDefaults.artifacts(for: phase) {
                do {
                    patterns.append(try GlobPattern(text))
                } catch {
                    throw EngineError(.invalidIntake, "artifacts.\(phase.rawValue): \(error.message) ('\(text)')")
                }
            }
            phases.append(PhasePlan(phase: phase, agents: agents, artifacts: patterns))
        }
        self.phases = phases
    }

    /// The plan of one phase, if the workflow includes it.
    public func plan(for phase: Phase) -> PhasePlan? {
        phases.first { $0.phase == phase }
    }
}
