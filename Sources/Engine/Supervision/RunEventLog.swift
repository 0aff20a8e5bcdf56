import Logging
import Model

/// Writes a run's live events to the process's log, each with the ids in scope as metadata (`workflow_id`, `phase`,
/// `attempt`, `agent`, `subagent`, `tool`, `checkpoint`, `event`, `sequence`), so a JSON log line can be found by
/// any of them. A run's ends and phases are `info`, what agents do inside a phase is `debug`, blocks and failures
/// are `warning` and `error`.
enum RunEventLog {
    static func log(_ event: WorkflowEvent, to logger: Logger) {
        let level = level(of: event)
        guard logger.logLevel <= level else { return }
        logger.log(level: level, "workflow \(event.workflowID): \(event.summary)", metadata: metadata(of: event))
    }

    static func level(of event: WorkflowEvent) -> Logger.Level {
        switch event.kind {
        case .workflowStarted, .phaseStarted, .resumed, .interrupted, .rolledBack, .completed, .cancelled,
            .cancelRequested:
            return .info
        case .checkpointSaved:
            switch event.verdict?.outcome {
            case .blocked?: return .warning
            case .failed?: return .error
            case .passed?, nil: return .info
            }
        case .blocked, .budgetWarning: return .warning
        case .failed: return .error
        case .agentStep, .toolCall, .artifactWritten, .delegationStarted, .delegationEnded, .reviewRound,
            .reviewAnswered, .stepEvaluated:
            return .debug
        }
    }

    static func metadata(of event: WorkflowEvent) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "workflow_id": .string(event.workflowID), "event": .string(event.kind.rawValue),
            "sequence": .stringConvertible(event.sequence),
        ]
        if let phase = event.phase { metadata["phase"] = .string(phase.rawValue) }
        if let attempt = event.attempt { metadata["attempt"] = .stringConvertible(attempt) }
        if let agent = event.agent { metadata["agent"] = .string(agent) }
        if let delegation = event.delegation {
            metadata["agent"] = .string(delegation.parent)
            metadata["subagent"] = .string(delegation.subagent)
            metadata["tool_call_id"] = .string(delegation.id)
        }
        if let tool = event.tool { metadata["tool"] = .string(tool) }
        if let checkpoint = event.checkpoint { metadata["checkpoint"] = .string("CP\(checkpoint)") }
        if let outcome = event.verdict?.outcome { metadata["verdict"] = .string(outcome.rawValue) }
        if let path = event.path { metadata["path"] = .string(path) }
        if let step = event.step { metadata["step"] = .string(step) }
        if let duration = event.durationMs { metadata["duration_ms"] = .stringConvertible(duration) }
        return metadata
    }
}
