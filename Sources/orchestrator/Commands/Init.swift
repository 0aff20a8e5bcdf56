import ArgumentParser
import Engine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator init [DIR]`: writes a working intake, agent overrides, a policy and a skill.
struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter workspace: intake.yaml, an agent override, a governance policy and a skill.",
        discussion: "Then run it: orchestrator run start --intake intake.yaml"
    )

    @Option(help: "The template to write.")
    var template = "analytics"

    @Flag(help: "Overwrite files that already exist.")
    var force = false

    @Argument(help: ArgumentHelp("The folder to write into (default: the current directory).", valueName: "dir"))
    var directory: String?

    func run() async throws {
        let current = FileManager.default.currentDirectoryPath
        let target = directory.map { $0.hasPrefix("/") ? $0 : current + "/" + $0 } ?? current
        let written = try await engineCall { () async throws(EngineError) in
            try WorkspaceInitializer.initialize(directory: target, template: template, overwrite: force)
        }
        for path in written { print("wrote \(path)") }
        let cd = directory.map { "cd \($0) && " } ?? ""
        print("next: \(cd)orchestrator run start --intake intake.yaml")
    }
}
