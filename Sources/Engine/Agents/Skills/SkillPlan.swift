import Config
import Glob

/// The plan an agent follows: its matched skills' methodology steps in order, with the outputs that tie a tool call
/// to a step and the checks that must pass before the agent moves past it.
///
/// The cursor is the first step not yet done. A tool call serves the step whose outputs it writes (the first such
/// step not yet done), else the step at the cursor. A step is done when its checks pass: when the agent says so
/// (`complete_step`), or when it ends its turn and EVALUATE runs the checks of every step left, in order.
struct SkillPlan: Sendable {
    /// One step of the plan.
    struct Step: Sendable {
        /// `skill: step`.
        var name: String
        var outputs: [GlobPattern]
        var checks: [StepCheck]

        /// Whether a check runs a command, which may write anything in the agent's directory.
        var runsCommands: Bool { checks.contains { $0.command != nil } }
    }

    private(set) var steps: [Step]
    private(set) var cursor = 0

    init(skills: [SkillDefinition]) {
        steps = skills.flatMap { skill in
            skill.methodology.map { step in
                Step(
                    name: "\(skill.id): \(step.step)",
                    outputs: (step.outputs ?? []).compactMap { try? GlobPattern($0) }, checks: step.checks ?? [])
            }
        }
    }

    /// The names of the steps, in order.
    var names: [String] { steps.map(\.name) }

    /// The step at the cursor, if any is left.
    var current: String? { cursor < steps.count ? steps[cursor].name : nil }

    /// Whether any step has checks (only then is there anything to evaluate).
    var hasChecks: Bool { steps.contains { !$0.checks.isEmpty } }

    /// The step a call writing `path` serves: the first step not yet done whose outputs match it, else the current.
    func step(writing path: String?) -> String? {
        if let path, let owner = steps[cursor...].first(where: { step in step.outputs.contains { $0.matches(path) } }) {
            return owner.name
        }
        return current
    }

    /// The index of the step named `name` that is not yet done.
    func index(of name: String) -> Int? {
        steps.indices.first { $0 >= cursor && steps[$0].name == name }
    }

    /// Marks every step up to and including `index` done.
    mutating func complete(through index: Int) {
        cursor = max(cursor, min(index + 1, steps.count))
    }

    /// The steps left, from the cursor, with their indices.
    var remaining: [(index: Int, step: Step)] {
        steps.indices.filter { $0 >= cursor }.map { ($0, steps[$0]) }
    }
}
