import ArgumentParser
import Engine

/// `orchestrator checkpoint`: inspect, roll back to and prune checkpoints.
struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "List, show, roll back to and prune checkpoints (CP1 planning … CP6 documentation).",
        subcommands: [CheckpointList.self, CheckpointShow.self, CheckpointRollback.self, CheckpointPrune.self]
    )
}

/// A checkpoint named on the command line: `CP2`, `cp2` or `2`.
struct CheckpointArgument: ExpressibleByArgument {
    var number: Int

    init?(argument: String) {
        guard let number = CheckpointName.number(argument) else { return nil }
        self.number = number
    }

    static var defaultCompletionKind: CompletionKind { .list((1...6).map { "CP\($0)" }) }
}

/// `orchestrator checkpoint list`.
struct CheckpointList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a workflow's checkpoints, every attempt.")

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine(access: .readOnly)
        let (workflow, checkpoints) = try await engineCall { () async throws(EngineError) in
            try await engine.checkpoints(workflowID: selection.workflow)
        }
        if options.json {
            try JSONOutput.print(CheckpointListOutput(workflow: workflow, checkpoints: checkpoints))
        } else {
            print(WorkflowText.checkpoints(workflow: workflow, checkpoints), terminator: "")
        }
    }
}

/// The JSON of `checkpoint list` (the shape of `checkpoint/list`).
struct CheckpointListOutput: Encodable {
    var workflow: String
    var checkpoints: [CheckpointSummary]
}

/// `orchestrator checkpoint show CPn`.
struct CheckpointShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a checkpoint: artifacts, agents, timings, snapshot and store size.")

    @Argument(help: ArgumentHelp("The checkpoint: CP1 … CP6.", valueName: "CPn"))
    var checkpoint: CheckpointArgument

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine(access: .readOnly)
        let detail = try await engineCall { () async throws(EngineError) in
            try await engine.checkpoint(checkpoint.number, workflowID: selection.workflow)
        }
        if options.json {
            try JSONOutput.print(detail)
        } else {
            print(WorkflowText.checkpoint(detail), terminator: "")
        }
    }
}

/// `orchestrator checkpoint rollback CPn`.
struct CheckpointRollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Restore the workspace exactly to a checkpoint and mark later phases rolled back.",
        discussion: """
            Files created after the checkpoint are removed, changed ones restored (bytes and mode), deleted ones \
            recreated. Refuses when that would destroy changes made after the latest checkpoint, unless --force. \
            History stays: 'run resume' runs the later phases again as new attempts.
            """
    )

    @Argument(help: ArgumentHelp("The checkpoint: CP1 … CP6.", valueName: "CPn"))
    var checkpoint: CheckpointArgument

    @Flag(help: "List what would change; change nothing.")
    var dryRun = false

    @Flag(help: "Discard changes made after the latest checkpoint.")
    var force = false

    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.rollback(
                to: checkpoint.number, workflowID: selection.workflow, dryRun: dryRun, force: force)
        }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(WorkflowText.rollback(report), terminator: "")
        }
    }
}

/// `orchestrator checkpoint prune --keep-last N`.
struct CheckpointPrune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Drop the snapshots of older attempts and delete objects no snapshot uses (records stay).")

    @Option(help: "Snapshots to keep per checkpoint, newest first.")
    var keepLast: Int

    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
        let report = try await engineCall { () async throws(EngineError) in try await engine.prune(keepLast: keepLast) }
        if options.json {
            try JSONOutput.print(report)
        } else {
            print(WorkflowText.prune(report), terminator: "")
        }
    }
}
