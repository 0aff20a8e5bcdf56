import Config
import Engine
import Model

/// Runs a workflow in this process with the progress display, and prints its result: shared by start and resume.
enum RunExecution {
    static func run(
        engine: WorkflowEngine, workflowID: String, mode: WorkflowEngine.RunMode, options: WorkspaceOptions,
        prepared: PreparedIntake? = nil, provider: ProviderChoice? = nil
    ) async throws {
        let phases = try await engineCall { () async throws(EngineError) -> [Phase] in
            try await engine.report(workflowID: workflowID).phases.map(\.phase)
        }
        let subscription = engine.events.open(workflowID: workflowID)
        let follower =
            options.json
            ? nil
            : RunFollower(
                title: workflowID, phases: phases, live: Terminal.stdoutIsLive, events: subscription.events)
        let outcome: Result<WorkflowReport, EngineError>
        do {
            outcome = .success(
                try await engine.run(
                    workflowID: workflowID, mode: mode, prepared: prepared, provider: provider))
        } catch {
            outcome = .failure(error)
        }
        engine.events.end(subscription)
        await follower?.finish()
        let report: WorkflowReport
        do {
            report = try outcome.get()
        } catch {
            throw EngineFailure(error)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print("")
            print(WorkflowText.report(report), terminator: "")
            print("took \(Human.duration(report.durationMs))")
        }
        if report.status != .completed {
            throw ExitStatus(1)
        }
    }
}

/// Ends a command with a status after its output was printed (no message).
struct ExitStatus: Error {
    var code: Int32

    init(_ code: Int32) {
        self.code = code
    }
}
