import ArgumentParser
import Engine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator run start --intake FILE`: validates the intake, records a workflow and runs its phases.
struct RunStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a workflow from an intake file and run its phases.",
        discussion: """
            Exit status: 0 when the workflow completed; 1 when it blocked, failed or was cancelled, or the intake \
            is invalid (its diagnostics are printed and nothing starts); 2 on usage, storage or workspace errors.
            """
    )

    @Option(help: ArgumentHelp("The intake file (relative to the current directory).", valueName: "file"))
    var intake: String

    @Flag(help: "Record the workflow, run it in a background process and return at once (see 'run status').")
    var detach = false

    @OptionGroup var providerOption: ProviderOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let intakePath = intake.hasPrefix("/") ? intake : FileManager.default.currentDirectoryPath + "/" + intake
        // Checked before the workspace's store exists, so a typo in the intake leaves no .orchestrator/ behind.
        let prepared = try await engineCall { () async throws(EngineError) in
            try WorkflowEngine.prepareIntake(at: intakePath, displayPath: intake, workspace: options.root)
        }
        let engine = try await options.engine(create: true)
        let record = try await engineCall { () async throws(EngineError) in try await engine.create(prepared) }
        if detach {
            try DetachedRun.launch(
                workflowID: record.id, workspace: engine.layout, extraArguments: providerOption.arguments)
            let report = try await engineCall { () async throws(EngineError) in
                try await engine.report(workflowID: record.id)
            }
            if options.json {
                try JSONOutput.print(report)
            } else {
                print("started \(record.id) in the background; follow it with 'orchestrator run status'")
            }
            return
        }
        try await RunExecution.run(
            engine: engine, workflowID: record.id, mode: .start, options: options, prepared: prepared,
            provider: providerOption.choice)
    }
}
