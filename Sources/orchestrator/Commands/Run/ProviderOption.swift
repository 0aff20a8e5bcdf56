import ArgumentParser
import Config

/// `--provider NAME [--model ID]`: the model backend for every agent of this run, overriding the intake's.
struct ProviderOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The model provider for every agent of this run: offline (default), anthropic or claude-code.",
            valueName: "name"))
    var provider: ProviderChoice.Name?

    @Option(help: ArgumentHelp("The model id for --provider (default: the provider's).", valueName: "id"))
    var model: String?

    /// The override, when one was given.
    var choice: ProviderChoice? { provider.map { ProviderChoice(name: $0, model: model) } }

    /// The same options for a child process (a detached run).
    var arguments: [String] {
        guard let provider else { return [] }
        return ["--provider", provider.rawValue] + (model.map { ["--model", $0] } ?? [])
    }

    func validate() throws {
        if model != nil && provider == nil { throw ValidationError("--model needs --provider") }
    }
}

extension ProviderChoice.Name: ExpressibleByArgument {}
