extension WorkflowEvent {
    /// One line saying what happened, for progress displays and logs.
    public var summary: String {
        let phaseName = phase?.rawValue ?? "workflow"
        let detail = message.map { ": \($0)" } ?? ""
        switch kind {
        case .workflowStarted: return "started\(detail)"
        case .phaseStarted: return "\(phaseName) started (attempt \(attempt ?? 1))\(detail)"
        // A step without an agent is the engine's own (merging the agents' working copies).
        case .agentStep: return agent.map { "\(phaseName) · \($0)\(detail)" } ?? "\(phaseName)\(detail)"
        case .toolCall: return "\(phaseName) · \(agent ?? "agent") → \(tool ?? "tool")\(detail)"
        case .artifactWritten: return "\(phaseName) · \(agent ?? "agent") wrote \(path ?? "a file")"
        case .checkpointSaved:
            let name = "\(phaseName) CP\(checkpoint ?? 0)"
            switch verdict?.outcome {
            case .passed?: return "\(name) passed\(detail)"
            case .blocked?: return "\(name) blocked: \(verdict?.reason ?? message ?? "")"
            case .failed?: return "\(name) failed: \(verdict?.reason ?? message ?? "")"
            case nil: return "\(name) saved\(detail)"
            }
        case .blocked: return "blocked at \(phaseName)\(detail)"
        case .resumed: return "resumed\(detail)"
        case .interrupted: return "interrupted\(detail)"
        case .rolledBack: return "rolled back to CP\(checkpoint ?? 0)\(detail)"
        case .completed: return "completed"
        case .failed: return "failed at \(phaseName)\(detail)"
        case .cancelled: return "cancelled\(detail)"
        case .cancelRequested: return "cancel requested\(detail)"
        case .budgetWarning: return "\(phaseName) budget\(detail)"
        case .delegationStarted:
            let task = delegation.map { "\($0.parent) → \($0.subagent): \($0.task)" } ?? (message ?? "")
            return "\(phaseName) · delegated \(task)"
        case .delegationEnded:
            guard let delegation else { return "\(phaseName) · delegation ended\(detail)" }
            let changed = delegation.changedPaths.isEmpty ? "" : " (\(delegation.changedPaths.count) file(s))"
            return
                "\(phaseName) · \(delegation.subagent) \(delegation.status.rawValue) for \(delegation.parent)\(changed)"
        case .reviewRound:
            guard let review else { return "\(phaseName) review\(detail)" }
            let verdict = review.verdict == .approve ? "approved" : "requested changes"
            let findings = review.findings.isEmpty ? "" : ": " + review.findingLines.joined(separator: "; ")
            return "\(phaseName) · \(review.reviewer) \(verdict) (\(review.kind.rawValue) review, round "
                + "\(review.round) of \(review.rounds))\(findings)"
        case .reviewAnswered:
            let answered = review?.findings.filter { $0.answer != nil }.count ?? 0
            return "\(phaseName) · \(agent ?? "agent") answered \(answered) finding(s)\(detail)"
        case .stepEvaluated: return "\(phaseName) · \(agent ?? "agent") \(step ?? "step")\(detail)"
        }
    }
}
