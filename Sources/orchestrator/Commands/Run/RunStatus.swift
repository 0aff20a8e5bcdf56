import ArgumentParser
import Engine

/// `orchestrator run status`: where a workflow stands.
struct RunStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show where a workflow stands (the latest one by default).")

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
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
            let engine = try await options.engine()
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
        abstract: "Cancel a workflow: a running one stops before its next phase; 'run resume' can continue it later.")

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.cancel(workflowID: selection.workflow)
        }
        if options.json {
            try JSONOutput.print(report)
        } else if report.status == .cancelled {
            print("cancelled \(report.id)")
        } else {
            print("asked \(report.id) to stop; the process running it stops before its next phase")
        }
    }
}
