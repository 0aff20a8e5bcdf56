import Config
import Providers

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Makes the model provider an agent runs on, from the provider choice that applies to it.
public struct ProviderFactory: Sendable {
    let make: @Sendable (ProviderChoice) throws(ProviderError) -> any ModelProvider

    public init(make: @escaping @Sendable (ProviderChoice) throws(ProviderError) -> any ModelProvider) {
        self.make = make
    }

    /// The provider for a choice.
    public func provider(for choice: ProviderChoice) throws(ProviderError) -> any ModelProvider {
        try make(choice)
    }
}

extension ProviderFactory {
    /// The shipped providers: `offline`, `anthropic` (key and base URL from the environment) and `claude-code`.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProviderFactory
    {
        ProviderFactory { choice in
            switch choice.name {
            case .offline: OfflineProvider()
            case .anthropic: AnthropicProvider(environment: environment)
            case .claudeCode: ClaudeCodeProvider(environment: environment)
            }
        }
    }
}
