import ArgumentParser

/// `orchestrator run`: start, follow and steer workflows.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start, inspect, resume and cancel workflows.",
        subcommands: [RunStart.self, RunStatus.self, RunList.self, RunResume.self, RunCancel.self]
    )
}
