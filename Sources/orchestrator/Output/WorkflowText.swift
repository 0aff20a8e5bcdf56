import Engine
import Model

/// The text forms of workflow and checkpoint results.
enum WorkflowText {
    static func report(_ report: WorkflowReport) -> String {
        var status = report.status.rawValue
        if report.interrupted { status += " (interrupted: no process runs it; 'orchestrator run resume' continues)" }
        var text = "workflow \(report.id) (\(report.project)): \(status)\n"
        if let reason = report.reason { text += "  \(reason)\n" }
        var table = Table(header: ["CP", "phase", "status", "attempt", "time", "artifacts", "agents"])
        for phase in report.phases {
            table.rows.append([
                phase.checkpoint, phase.phase.rawValue, phase.status.rawValue,
                phase.attempt == 0 ? "-" : "\(phase.attempt)", Human.duration(phase.durationMs),
                phase.artifacts.map(String.init) ?? "-", phase.agents.joined(separator: ", "),
            ])
        }
        text += table.render(indent: "  ")
        let teams = report.phases.filter { !$0.subagents.isEmpty || $0.review != nil }
        if !teams.isEmpty {
            var team = Table(header: ["phase", "agents and subagents", "delegations", "review"])
            for phase in teams {
                team.rows.append([
                    phase.phase.rawValue, teamLine(phase), "\(phase.delegations)",
                    phase.review.map(reviewLine) ?? "-",
                ])
            }
            text += "\nteam\n" + team.render(indent: "  ")
        }
        return text
    }

    /// `architect (architect.data, architect.security), steward (steward.security)`: each agent with the subagents
    /// it delegated to.
    static func teamLine(_ phase: WorkflowReport.PhaseReport) -> String {
        phase.agents.map { agent in
            let mine = phase.subagents.filter { $0.hasPrefix(agent + ".") }
            return mine.isEmpty ? agent : "\(agent) (\(mine.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }

    /// `consensus: approve in round 1 of 2`, `reviewer: request_changes (3 findings, 3 answered) → approve`.
    static func reviewLine(_ review: ReviewSummary) -> String {
        var line = "\(review.reviewer): " + review.verdicts.map(\.rawValue).joined(separator: " → ")
        if review.verdicts.isEmpty { line += "no verdict" }
        line += " (\(review.rounds) of \(review.maxRounds) round\(review.maxRounds == 1 ? "" : "s")"
        if review.findings > 0 { line += ", \(review.findings) finding(s), \(review.answered) answered" }
        line += ")"
        if let outcome = review.outcome { line += ": \(outcome.rawValue)" }
        return line
    }

    static func list(_ reports: [WorkflowReport]) -> String {
        guard !reports.isEmpty else { return "no workflows in this workspace\n" }
        var table = Table(header: ["id", "status", "phases", "project"])
        for report in reports {
            let passed = report.phases.filter { $0.status == .passed }.count
            let status = report.interrupted ? "interrupted" : report.status.rawValue
            table.rows.append([report.id, status, "\(passed)/\(report.phases.count)", report.project])
        }
        return table.render()
    }

    static func checkpoints(workflow: String, _ checkpoints: [CheckpointSummary]) -> String {
        guard !checkpoints.isEmpty else { return "workflow \(workflow) has no checkpoints yet\n" }
        var table = Table(header: ["CP", "phase", "attempt", "status", "artifacts", "files", "size", "added", "time"])
        for checkpoint in checkpoints {
            table.rows.append([
                checkpoint.checkpoint, checkpoint.phase.rawValue, "\(checkpoint.attempt)",
                checkpoint.status + (checkpoint.pruned ? " (pruned)" : ""), "\(checkpoint.artifacts)",
                "\(checkpoint.files)", Human.bytes(checkpoint.totalBytes),
                checkpoint.addedBytes.map(Human.bytes) ?? "-",
                Human.duration(checkpoint.phaseMs),
            ])
        }
        return "workflow \(workflow)\n" + table.render(indent: "  ")
    }

    static func checkpoint(_ detail: CheckpointDetail) -> String {
        let checkpoint = detail.checkpoint
        var text = "\(checkpoint.checkpoint) \(checkpoint.phase.rawValue) of \(detail.workflow), "
        text += "attempt \(checkpoint.attempt): \(checkpoint.status)\n"
        text +=
            "  phase took \(Human.duration(checkpoint.phaseMs)), snapshot \(Human.duration(detail.snapshot.durationMs))\n"
        if !checkpoint.missing.isEmpty {
            text += "  missing: " + checkpoint.missing.map { "'\($0)'" }.joined(separator: ", ") + "\n"
        }
        text += "\nartifacts\n"
        if detail.artifacts.isEmpty { text += "  (none)\n" }
        var artifacts = Table(header: ["pattern", "path", "size"])
        for artifact in detail.artifacts {
            artifacts.rows.append([artifact.pattern, artifact.path, Human.bytes(artifact.size)])
        }
        if !detail.artifacts.isEmpty { text += artifacts.render(indent: "  ") }
        text += "\nagents\n"
        var agents = Table(header: ["agent", "status", "steps", "summary"])
        for agent in detail.agents {
            agents.rows.append([agent.agent, agent.status, "\(agent.steps)", agent.summary ?? ""])
        }
        text += detail.agents.isEmpty ? "  (none)\n" : agents.render(indent: "  ")
        if !detail.delegations.isEmpty {
            text += "\ndelegations\n"
            var delegations = Table(header: ["agent", "subagent", "status", "time", "changed"])
            for item in detail.delegations {
                delegations.rows.append([
                    item.parent, item.subagent, item.status.rawValue, Human.duration(item.durationMs),
                    item.changedPaths.joined(separator: ", "),
                ])
            }
            text += delegations.render(indent: "  ")
        }
        if detail.review != nil || !detail.reviews.isEmpty { text += "\nreview\n" }
        if let outcome = detail.review { text += "  \(outcome.description)\n" }
        for round in detail.reviews {
            text += "  round \(round.round) of \(round.rounds): \(round.reviewer) \(round.verdict.rawValue)"
            text += round.summary.map { " — \($0)" } ?? ""
            text += "\n"
            for finding in round.findings {
                text += "    \(finding.line) [\(finding.severity.rawValue)]\n"
                if let answer = finding.answer {
                    text += "      \(answer.action.rawValue) by \(answer.by): \(answer.reason)\n"
                }
            }
        }
        let snapshot = detail.snapshot
        text += "\nsnapshot\n"
        text += "  \(snapshot.files) files, \(Human.bytes(snapshot.totalBytes)); "
        text += "\(snapshot.hashedFiles) hashed, \(snapshot.reusedFiles) unchanged; "
        if let files = checkpoint.addedFiles, let bytes = checkpoint.addedBytes {
            text += "\(files) new or changed since the previous checkpoint (\(Human.bytes(bytes)) of new content); "
        }
        text += "wrote \(snapshot.newObjects) objects, \(Human.bytes(snapshot.newBytes)) to the store\n"
        text += "  manifest \(snapshot.manifest ?? "(pruned)")\n"
        text += "\nstore\n  \(detail.store.objects) objects, \(Human.bytes(detail.store.objectBytes)); "
        text += "database \(Human.bytes(detail.store.databaseBytes))\n"
        return text
    }

    static func rollback(_ report: RollbackReport) -> String {
        let verb = report.dryRun ? "would" : "did"
        var text =
            report.dryRun
            ? "dry run: rolling back to \(report.checkpoint) of \(report.workflow)\n"
            : "rolled back \(report.workflow) to \(report.checkpoint)\n"
        for (label, paths) in [
            ("remove", report.removed), ("restore", report.restored), ("recreate", report.recreated),
        ] {
            text += "  \(verb) \(label) \(paths.count) file\(paths.count == 1 ? "" : "s")\n"
            text += paths.prefix(50).map { "    \($0)\n" }.joined()
            if paths.count > 50 { text += "    … and \(paths.count - 50) more (--json lists all)\n" }
        }
        if !report.uncheckpointed.isEmpty {
            text +=
                "  changed after the latest checkpoint (\(report.dryRun ? "would be lost; needs --force" : "discarded")):\n"
            text += report.uncheckpointed.map { "    \($0)\n" }.joined()
        }
        if !report.phasesRolledBack.isEmpty {
            let phases = report.phasesRolledBack.map(\.rawValue).joined(separator: ", ")
            text +=
                report.dryRun
                ? "  would mark rolled back: \(phases)\n"
                : "  marked rolled back: \(phases); 'orchestrator run resume' runs them again\n"
        }
        return text
    }

    static func prune(_ report: PruneReport) -> String {
        "dropped \(report.snapshotsDropped) snapshot\(report.snapshotsDropped == 1 ? "" : "s") (keeping the last "
            + "\(report.keepLast) per checkpoint); removed \(report.objectsRemoved) objects, freed "
            + "\(Human.bytes(report.bytesFreed))\nstore: \(report.store.objects) objects, "
            + "\(Human.bytes(report.store.objectBytes)); database \(Human.bytes(report.store.databaseBytes))\n"
    }
}
