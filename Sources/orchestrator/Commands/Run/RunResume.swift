import ArgumentParser
import Engine

/// `orchestrator run resume`: continues a paused, failed, cancelled or interrupted workflow.
struct RunResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a workflow from its last passed checkpoint.",
        discussion: "Exit status: 0 when the workflow completed, 1 when it stopped again, 2 on errors."
    )

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var providerOption: ProviderOption
    @OptionGroup var options: WorkspaceOptions

    /// Set by `run start --detach` for the background process: it continues a start, it does not resume.
    @Flag(help: .hidden)
    var detachedWorker = false

    func run() async throws {
        if detachedWorker { DetachedRun.waitForStarter() }
        let engine = try await options.engine()
        let id = try await engineCall { () async throws(EngineError) in
            try await engine.report(workflowID: selection.workflow).id
        }
        // A detached run's output is its log file: with JSON logs, the file holds log lines only.
        try await RunExecution.run(
            engine: engine, workflowID: id, mode: detachedWorker ? .start : .resume, options: options,
            provider: providerOption.choice, display: !(detachedWorker && LogSettings.current.format == .json))
    }
}
