import ArgumentParser
import Engine

/// `orchestrator checkout WORKFLOW [CPn] DIR`: a workflow's files, as a checkpoint saved them, in a folder of their own.
struct Checkout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Write a workflow's files as a checkpoint saved them into a new or empty folder.",
        discussion: """
            Without CPn, the most recent checkpoint that still has its snapshot (not pruned, not rolled back). \
            Bytes, modes and symlinks are written exactly; the workspace itself is not touched. With --database, \
            the state comes from PostgreSQL and the snapshot objects from --workspace.
            """
    )

    @Argument(help: ArgumentHelp("The workflow id ('run list' shows them).", valueName: "workflow"))
    var workflow: String

    @Argument(
        help: ArgumentHelp(
            "CPn, then the folder to write (missing or empty); the folder alone for the latest checkpoint.",
            valueName: "[CPn] dir"))
    var rest: [String]

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard rest.count == 1 || rest.count == 2 else {
            throw ValidationError("expected [CPn] DIR after the workflow id, e.g. 'checkout \(workflow) CP3 out/'")
        }
        if rest.count == 2 && CheckpointArgument(argument: rest[0]) == nil {
            throw ValidationError("'\(rest[0])' is not a checkpoint: CP1 … CP6 (or 1 … 6)")
        }
    }

    func run() async throws {
        let number = rest.count == 2 ? CheckpointArgument(argument: rest[0])?.number : nil
        let directory = rest[rest.count - 1]
        let engine = try await options.engine(access: .readOnly)
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.checkout(workflowID: workflow, checkpoint: number, into: directory)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(
                "wrote \(report.checkpoint) (attempt \(report.attempt)) of \(report.workflow) into \(report.directory): "
                    + "\(report.files) file\(report.files == 1 ? "" : "s"), \(report.bytes) bytes")
        }
    }
}
