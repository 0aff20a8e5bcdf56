import ArgumentParser
import Testing

@testable import orchestrator

/// Without `commandName`, ArgumentParser derives a command's name with `String(describing:)` on its
/// type, and each of those dynamic casts scans every protocol conformance in the binary: 2-3 ms of
/// every CLI call for five commands. So every command names itself.
@Test("every command in the tree names itself explicitly")
func everyCommandNamesItself() {
    var unnamed: [String] = []
    var seen = 0
    func visit(_ command: any ParsableCommand.Type) {
        seen += 1
        let configuration = command.configuration
        if configuration.commandName == nil { unnamed.append("\(command)") }
        for subcommand in configuration.subcommands { visit(subcommand) }
    }
    visit(Orchestrator.self)
    #expect(seen > 30)
    #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
}
