import ArgumentParser
import Config

/// The `orchestrator` command: runs and checks multi-phase delivery workflows.
@main
struct Orchestrator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orchestrator",
        abstract: "Run multi-phase software-delivery workflows with checkpoints, gates and budgets.",
        version: OrchestratorVersion.current,
        subcommands: []
    )
}
