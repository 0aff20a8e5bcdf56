import ArgumentParser
import Config

/// `orchestrator version`: this binary's version and the system libraries it uses.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version and the linked libyaml.")

    func run() {
        print("orchestrator \(OrchestratorVersion.current)")
        print("libyaml \(YAMLParser.libyamlVersion)")
    }
}
