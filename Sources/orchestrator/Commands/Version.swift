import ArgumentParser
import CCurl
import Config

/// `orchestrator version`: this binary's version and the system libraries it uses.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version and the linked libyaml and libcurl.")

    func run() {
        let curl = curl_version().map { String(cString: $0) } ?? "unknown"
        print("orchestrator \(OrchestratorVersion.current)")
        print("libyaml \(YAMLParser.libyamlVersion)")
        print(curl)
    }
}
