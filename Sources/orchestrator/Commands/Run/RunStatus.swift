import ArgumentParser
import Engine

/// `orchestrator run status`: where a workflow stands.
struct RunStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show where a workflow stands (the latest one by default).")

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine(access: .readOnly)
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.report(workflowID: selection.workflow)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(WorkflowText.report(report), terminator: "")
        }
    }
}

/// `orchestrator run list`: every workflow of the workspace.
struct RunList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the workspace's workflows.")

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        // A folder that never ran a workflow has none to list: an empty list, not an error (like `kubectl get`).
        let reports: [WorkflowReport]
        do {
            let engine = try await options.engine(access: .readOnly)
            reports = try await engineCall { () async throws(EngineError) in try await engine.list() }
        } catch let failure as EngineFailure where failure.error.code == .workflowNotFound {
            reports = []
        }
        if options.json {
            try JSONOutput.print(["workflows": reports])
        } else {
            print(WorkflowText.list(reports), terminator: "")
        }
    }
}

/// `orchestrator run cancel`: stops a workflow.
struct RunCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a workflow: a running one stops at its next safe point; 'run resume' can continue it later.",
        discussion: """
            The request is recorded before this returns. A workflow no process runs is cancelled at once; one that \
            another process runs stops at its next safe point, and this waits (up to --timeout seconds) until it \
            has, like 'kubectl delete', unless --no-wait.
            """)

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    @Flag(inversion: .prefixedNo, help: "Wait until a running workflow has stopped.")
    var wait = true

    @Option(help: ArgumentHelp("How long to wait for a running workflow to stop, in seconds.", valueName: "seconds"))
    var timeout: Int = 30

    func validate() throws {
        if timeout < 0 { throw ValidationError("--timeout must be 0 or more") }
    }

    func run() async throws {
        let engine = try await options.engine()
        var report = try await engineCall { () async throws(EngineError) in
            try await engine.cancel(workflowID: selection.workflow)
        }
        if wait && report.status != .cancelled {
            report = try await Self.waitUntilStopped(engine, workflowID: report.id, timeout: .seconds(timeout))
        }
        if options.json {
            try JSONOutput.print(report)
        } else if report.status == .cancelled {
            print("cancelled \(report.id)")
        } else {
            print("asked \(report.id) to stop; the process running it stops at its next safe point")
        }
    }

    /// Watches the store until the run of another process has ended (no live lease, or a settled status).
    private static func waitUntilStopped(
        _ engine: WorkflowEngine, workflowID: String, timeout: Duration
    )
        async throws -> WorkflowReport
    {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let report = try await engineCall { () async throws(EngineError) in
                try await engine.report(workflowID: workflowID)
            }
            // No cross-process notification exists for the lease; a store read every 50 ms costs nothing.
            if !report.live || clock.now >= deadline { return report }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
