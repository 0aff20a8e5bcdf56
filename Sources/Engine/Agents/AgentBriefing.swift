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
        member: AgentMember, assignment: AgentAssignment, registry: SkillRegistry,
        documents listed: @autoclosure () -> [ContextDocument] = [], review: ReviewBrief? = nil,
        delegatedBy: String? = nil
    ) {
        // A phase agent starting its work starts from the phase's index (its directory is the checkpoint's tree);
        // a subagent, a reviewer or an agent answering findings starts after writes the index does not hold.
        let index = member.isSubagent || review != nil || assignment.feedback != nil ? nil : assignment.contextIndex
        let documents = index?.documents ?? listed()
        let intake = assignment.intake
        let taskText =
            ([assignment.phase.rawValue, member.description ?? "", member.delegatedTask ?? ""] + intake.requirements
            + member.artifactPaths)
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
                            + Self.stepDetails(step)
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
        if let delegated = member.delegatedTask {
            task += "\nYour task, from \(delegatedBy ?? member.agentID):\n\(delegated)\n"
        }
        if !member.subagents.isEmpty {
            task += "\nYour subagents (hand them work with the delegate tool; delegations in one turn run at once):\n"
            task +=
                member.subagents.map { "- \($0.id)" + ($0.description.map { ": \($0)" } ?? "") }
                .joined(separator: "\n") + "\n"
        }
        let feedback = member.isSubagent ? nil : assignment.feedback
        if let feedback {
            task += "\n\(feedback.reviewer) reviewed this phase's work (round \(feedback.round) of \(feedback.rounds)) "
            task += "and requested changes. Answer each finding with the answer_findings tool: fix it in its file "
            task += "and answer `fixed`, or answer `dismissed` with the reason it does not apply.\n"
            task += feedback.findingLines.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if let review {
            task += Self.reviewSection(review)
        }
        if !plan.isEmpty {
            task += "\nPlan:\n" + plan.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
            task += "\n"
        }
        if !documents.isEmpty {
            let selection = ContextOptimizer().select(
                task: taskText, documents: documents, allotment: Self.contextAllotment,
                summaries: index?.summaries ?? assignment.contextIndex?.summaries(matching: documents) ?? [:])
            context = selection
            if !selection.promptText.isEmpty {
                task += "\nWorkspace context (the files most relevant to your task; a summary where the whole file did "
                task += "not fit: read it with file_system.read):\n" + selection.promptText + "\n"
            }
        }
        task +=
            member.artifactPaths.isEmpty
            ? (review == nil ? "\nYou have no artifact to write; review and summarise.\n" : "")
            : "\nWrite these files (paths relative to your working directory):\n"
                + member.artifactPaths.map { "- \($0)" }.joined(separator: "\n") + "\n"
        task += "\nEnd with a short hand-off summary for the next phase."
        self.task = task
        brief = TaskBrief(
            workflowID: assignment.workflowID, phase: assignment.phase, attempt: assignment.attempt, agentID: member.id,
            projectName: intake.project.name, client: intake.project.client, requirements: intake.requirements,
            artifactPaths: member.artifactPaths, handOff: assignment.handOff, plan: plan,
            fileHeaders: Self.fileHeaders(for: member.artifactPaths, gates: assignment.gates), review: review,
            feedback: feedback, delegatedBy: delegatedBy)
    }

    /// A step's inputs, outputs and checks, as the plan tells them.
    static func stepDetails(_ step: SkillDefinition.Step) -> String {
        var parts: [String] = []
        if let inputs = step.inputs, !inputs.isEmpty { parts.append("reads " + inputs.joined(separator: ", ")) }
        if let outputs = step.outputs, !outputs.isEmpty { parts.append("writes " + outputs.joined(separator: ", ")) }
        if let checks = step.checks, !checks.isEmpty {
            parts.append(
                "checked by "
                    + checks.map { check in
                        check.id + (check.command.map { " (`\($0.joined(separator: " "))`)" } ?? "")
                            + (check.validator.map { " (\($0.rawValue))" } ?? "")
                    }.joined(separator: ", "))
        }
        return parts.isEmpty ? "" : " [" + parts.joined(separator: "; ") + "]"
    }

    /// What a reviewer is to review this round, and how to answer.
    static func reviewSection(_ review: ReviewBrief) -> String {
        var text =
            "\nReview round \(review.round) of \(review.rounds): the \(review.kind.rawValue) review of this phase.\n"
        if !review.files.isEmpty {
            text += "Files under review:\n" + review.files.map { "- \($0)" }.joined(separator: "\n") + "\n"
        }
        if !review.diff.isEmpty {
            text += "The unified diff since the previous checkpoint:\n```diff\n\(review.diff)```\n"
        }
        if let previous = review.previous {
            text += "Round \(previous.round) requested changes; the agents answered:\n"
            text +=
                previous.findings.map { finding in
                    "- " + finding.line + " → "
                        + (finding.answer.map { "\($0.action.rawValue) by \($0.by): \($0.reason)" } ?? "no answer")
                }.joined(separator: "\n") + "\n"
        }
        text += "Give your verdict with the submit_review tool: approve, or request_changes with numbered findings, "
        text += "each tied to a file and line.\n"
        return text
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
