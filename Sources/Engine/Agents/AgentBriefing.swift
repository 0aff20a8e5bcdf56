import Config
import Glob
import Model
import Providers
import Skills
import Snapshots
import Tokens

/// INITIALIZE and PLAN of one member: the context it starts from and the plan its matched skills give.
struct AgentBriefing: Sendable {
    var system: [SystemSection]
    var task: String
    var brief: TaskBrief
    /// The skills that apply, best first.
    var skills: [SkillDefinition]
    /// Skills the configuration names that no registry knows.
    var unknownSkills: [String]
    /// Methodology steps of the matched skills, in order, each as "skill: step".
    var plan: [String]

    /// What of the workspace went into the prompt (selective loading, summaries for the rest).
    var context: ContextSelection?

    /// Tokens of workspace context an agent's first message may carry.
    static let contextAllotment = 2_000

    init(
        member: AgentMember, assignment: AgentAssignment, registry: SkillRegistry, delegated: [String] = [],
        documents: [ContextDocument] = []
    ) {
        let intake = assignment.intake
        let taskText =
            ([assignment.phase.rawValue, member.description ?? ""] + intake.requirements + member.artifactPaths)
            .joined(separator: "\n")
        let known = member.skills.filter { registry.skill(id: $0) != nil }
        unknownSkills = member.skills.filter { registry.skill(id: $0) == nil }
        let matched = registry.match(taskText, among: known).map(\.skill)
        // A skill the agent is configured with still guides it when no trigger fired: the configuration chose it.
        skills = matched.isEmpty ? known.compactMap { registry.skill(id: $0) } : matched
        plan = skills.flatMap { skill in skill.methodology.map { "\(skill.id): \($0.step)" } }

        var sections = [SystemSection(member.systemPrompt.isEmpty ? "You are \(member.id)." : member.systemPrompt)]
        if !skills.isEmpty {
            let methodology = skills.map { skill in
                "Skill \(skill.id) \(skill.version)" + (skill.description.map { ": \($0)" } ?? "") + "\n"
                    + skill.methodology.enumerated().map { index, step in
                        "  \(index + 1). \(step.step)" + (step.description.map { ": \($0)" } ?? "")
                    }.joined(separator: "\n")
            }.joined(separator: "\n\n")
            sections.append(SystemSection(methodology))
        }
        let phaseGates = assignment.gates.filter { $0.phases.contains(assignment.phase) }
        if !phaseGates.isEmpty {
            sections.append(SystemSection(Self.gatesSection(phaseGates, phase: assignment.phase)))
        }
        // The prompt, skills and gates are the same for every call of this member: the stable prefix to cache.
        sections[sections.count - 1].cacheable = true
        system = sections

        var task = "Project: \(intake.project.name)\n"
        if let client = intake.project.client { task += "Client: \(client)\n" }
        task += "Phase: \(assignment.phase.rawValue)\n\nRequirements:\n"
        task += intake.requirements.map { "- \($0)" }.joined(separator: "\n") + "\n"
        if !assignment.handOff.isEmpty {
            task += "\nHand-off from earlier phases:\n" + assignment.handOff.map { "- \($0)" }.joined(separator: "\n")
            task += "\n"
        }
        if !delegated.isEmpty {
            task += "\nYour subagents reported:\n" + delegated.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if !plan.isEmpty {
            task += "\nPlan:\n" + plan.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            task += "\n"
        }
        if !documents.isEmpty {
            let selection = ContextOptimizer().select(
                task: taskText, documents: documents, allotment: Self.contextAllotment)
            context = selection
            if !selection.promptText.isEmpty {
                task += "\nWorkspace context (the files most relevant to your task; a summary where the whole file did "
                task += "not fit: read it with file_system.read):\n" + selection.promptText + "\n"
            }
        }
        task +=
            member.artifactPaths.isEmpty
            ? "\nYou have no artifact to write; review and summarise.\n"
            : "\nWrite these files (paths relative to your working directory):\n"
                + member.artifactPaths.map { "- \($0)" }.joined(separator: "\n") + "\n"
        task += "\nEnd with a short hand-off summary for the next phase."
        self.task = task
        brief = TaskBrief(
            workflowID: assignment.workflowID, phase: assignment.phase, attempt: assignment.attempt, agentID: member.id,
            projectName: intake.project.name, client: intake.project.client, requirements: intake.requirements,
            artifactPaths: member.artifactPaths, handOff: assignment.handOff + delegated, plan: plan,
            fileHeaders: Self.fileHeaders(for: member.artifactPaths, gates: assignment.gates))
    }

    /// What the checkpoint will judge, so an agent can meet the gates rather than discover them.
    static func gatesSection(_ gates: [GateConfig], phase: Phase) -> String {
        "Quality gates at the \(phase.rawValue) checkpoint (a blocking failure stops the workflow):\n"
            + gates.map { gate in
                "- \(gate.id) (\(gate.type.rawValue), \(gate.effectiveSeverity.rawValue))"
                    + (gate.description.map { ": \($0)" } ?? "")
                    + (gate.header.map { " Start each matching file with: \($0)" } ?? "")
            }.joined(separator: "\n")
    }

    /// The header each artifact path must start with, from `license_header` gates that give one and match it.
    static func fileHeaders(for paths: [String], gates: [GateConfig]) -> [String: String] {
        var headers: [String: String] = [:]
        for gate in gates where gate.validator == .licenseHeader {
            guard let header = gate.header else { continue }
            let patterns = (gate.files ?? []).compactMap { try? GlobPattern($0) }
            for path in paths where headers[path] == nil && patterns.contains(where: { $0.matches(path) }) {
                headers[path] = header
            }
        }
        return headers
    }
}
