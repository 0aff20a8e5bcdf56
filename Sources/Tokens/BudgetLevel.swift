import Model

/// A level of the budget hierarchy: the workflow, one phase, one agent in a phase, or one of its subagents.
///
/// A call is charged to a level and to every level above it (`path`).
public enum BudgetLevel: Sendable, Hashable, CustomStringConvertible {
    /// The whole workflow.
    case workflow
    /// One phase.
    case phase(Phase)
    /// One agent within a phase.
    case agent(Phase, String)
    /// One subagent of an agent within a phase.
    case subagent(Phase, String, String)

    /// The level directly above, if any.
    public var parent: BudgetLevel? {
        switch self {
        case .workflow: nil
        case .phase: .workflow
        case .agent(let phase, _): .phase(phase)
        case .subagent(let phase, let agent, _): .agent(phase, agent)
        }
    }

    /// This level and every level above it, outermost first: the levels a call here is charged to.
    public var path: [BudgetLevel] {
        var levels = [self]
        while let parent = levels[0].parent { levels.insert(parent, at: 0) }
        return levels
    }

    /// The phase this level belongs to, if any.
    public var phase: Phase? {
        switch self {
        case .workflow: nil
        case .phase(let phase), .agent(let phase, _), .subagent(let phase, _, _): phase
        }
    }

    /// How messages name the level: `workflow`, `phase qa`, `agent qa/reviewer`, `subagent qa/reviewer/lint`.
    public var description: String {
        switch self {
        case .workflow: "workflow"
        case .phase(let phase): "phase \(phase.rawValue)"
        case .agent(let phase, let agent): "agent \(phase.rawValue)/\(agent)"
        case .subagent(let phase, let agent, let subagent): "subagent \(phase.rawValue)/\(agent)/\(subagent)"
        }
    }
}

extension BudgetLevel: Codable {
    private enum CodingKeys: String, CodingKey {
        case phase, agent, subagent
    }

    /// Reads the flat form `encode(to:)` writes; a subagent without an agent, or an agent without a phase, is refused.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let phase = try container.decodeIfPresent(Phase.self, forKey: .phase)
        let agent = try container.decodeIfPresent(String.self, forKey: .agent)
        let subagent = try container.decodeIfPresent(String.self, forKey: .subagent)
        switch (phase, agent, subagent) {
        case (nil, nil, nil): self = .workflow
        case (let phase?, nil, nil): self = .phase(phase)
        case (let phase?, let agent?, nil): self = .agent(phase, agent)
        case (let phase?, let agent?, let subagent?): self = .subagent(phase, agent, subagent)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: agent == nil ? .agent : .phase, in: container,
                debugDescription: "a budget level names its phase, then its agent, then its subagent")
        }
    }

    /// Writes the level flat, as JSON readers expect: `{}`, `{"phase": "qa", "agent": "reviewer"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .workflow:
            break
        case .phase(let phase):
            try container.encode(phase, forKey: .phase)
        case .agent(let phase, let agent):
            try container.encode(phase, forKey: .phase)
            try container.encode(agent, forKey: .agent)
        case .subagent(let phase, let agent, let subagent):
            try container.encode(phase, forKey: .phase)
            try container.encode(agent, forKey: .agent)
            try container.encode(subagent, forKey: .subagent)
        }
    }
}
