import Config
import Engine
import Logging
import Model
import Processes
import ServiceLifecycle

/// Runs a workflow in this process with the progress display, and prints its result: shared by start and resume.
///
/// The run belongs to a ``RunSupervisor`` in a service group of this process: SIGINT or SIGTERM stops it at its next
/// safe point, records it interrupted and resumable, and releases its lease (a second signal does not wait).
enum RunExecution {
    static func run(
        engine: WorkflowEngine, workflowID: String, mode: WorkflowEngine.RunMode, options: WorkspaceOptions,
        prepared: PreparedIntake? = nil, provider: ProviderChoice? = nil, display: Bool = true
    ) async throws {
        let before = try await engineCall { () async throws(EngineError) -> WorkflowReport in
            try await engine.report(workflowID: workflowID)
        }
        let phases = before.phases.map(\.phase)
        let outcome = try await SupervisedRun.run { supervisor in
            // A start shows the workflow from its first event; a resume from now on.
            let handle = try await engineCall { () async throws(EngineError) in
                try await supervisor.launch(
                    RunSupervisor.Request(
                        engine: engine, workflowID: workflowID, mode: mode, prepared: prepared, provider: provider,
                        replayAfter: mode == .start ? 0 : nil,
                        traceParent: TraceContextEnvironment.inherited))
            }
            let follower =
                options.json || !display
                ? nil
                : RunFollower(title: workflowID, phases: phases, live: Terminal.stdoutIsLive, events: handle.events)
            let outcome = await handle.outcome()
            await follower?.finish()
            return outcome
        }
        let report: WorkflowReport
        do {
            report = try outcome.get()
        } catch {
            throw EngineFailure(error)
        }
        if options.json {
            try JSONOutput.print(report)
        } else if display {
            print("")
            print(WorkflowText.report(report), terminator: "")
            if mode == .resume && before.status == .completed {
                // Resuming a finished workflow runs nothing; a duration would suggest it did.
                print("nothing to resume: workflow \(report.id) had already completed")
            } else {
                print("took \(Human.duration(report.durationMs))")
            }
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
