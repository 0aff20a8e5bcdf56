import Model
import Tokens

/// How a budget level is named in the store and on the command line: `workflow`, `phase:qa`, `agent:qa/qa`,
/// `subagent:qa/qa/qa.unit`.
enum BudgetScopeName {
    static func name(of level: BudgetLevel) -> String {
        switch level {
        case .workflow: "workflow"
        case .phase(let phase): "phase:\(phase.rawValue)"
        case .agent(let phase, let agent): "agent:\(phase.rawValue)/\(agent)"
        case .subagent(let phase, let agent, let subagent): "subagent:\(phase.rawValue)/\(agent)/\(subagent)"
        }
    }

    /// The level a stored name stands for; nil for a name this version does not know.
    static func level(_ name: String) -> BudgetLevel? {
        if name == "workflow" { return .workflow }
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let phase = path.first.flatMap(Phase.init(rawValue:)) else { return nil }
        switch (parts[0], path.count) {
        case ("phase", 1): return .phase(phase)
        case ("agent", 2): return .agent(phase, path[1])
        case ("subagent", 3): return .subagent(phase, path[1], path[2])
        default: return nil
        }
    }
}
