import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The input of one workflow (`intake.yaml`): the project, its requirements, phases and limits.
public struct IntakeConfig: Sendable, Hashable, Codable {
    /// What is being built and for whom.
    public struct Project: Sendable, Hashable, Codable {
        public var name: String
        /// Client slug; selects the client governance policy.
        public var client: String?
        public var description: String?
    }

    /// Limits for the whole workflow.
    public struct Constraints: Sendable, Hashable, Codable {
        public var timeline: String?
        public var budgetTokens: Int?
        /// Money is `Decimal`, never `Double`.
        public var budgetUSD: Decimal?
        public var maxConcurrentAgents: Int?
        /// Most rounds of each phase's review; 0 turns reviews off.
        public var reviewRounds: Int?

        enum CodingKeys: String, CodingKey {
            case timeline
            case budgetTokens = "budget_tokens"
            case budgetUSD = "budget_usd"
            case maxConcurrentAgents = "max_concurrent_agents"
            case reviewRounds = "review_rounds"
        }
    }

    public var project: Project
    public var requirements: [String]
    public var phases: [Phase]
    public var constraints: Constraints?
    public var provider: ProviderChoice?
    /// Agents that run in a phase, overriding the built-in mapping, by phase name.
    public var agents: [String: [String]]?
    /// Required artifact globs of a phase, overriding the defaults, by phase name.
    public var artifacts: [String: [String]]?

    /// The agent ids the intake names for a phase, if it overrides them.
    public func agents(for phase: Phase) -> [String]? { agents?[phase.rawValue] }

    /// The artifact globs the intake names for a phase, if it overrides them.
    public func artifacts(for phase: Phase) -> [String]? { artifacts?[phase.rawValue] }
}
