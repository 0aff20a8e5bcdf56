import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the `anthropic` provider reaches the Messages API, and how patiently it waits and retries.
public struct AnthropicConfiguration: Sendable {
    /// The API's public address.
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The model used when a request names none.
    public static let defaultModel = "claude-sonnet-4-5"
    /// The `anthropic-version` header the wire format here follows.
    public static let defaultAnthropicVersion = "2023-06-01"

    /// `nil` or empty makes every call fail with `ProviderError.notConfigured`.
    public var apiKey: String?
    /// Scheme, host and optional path prefix, without a trailing slash (`/v1/messages` is appended).
    public var baseURL: String
    public var defaultModel: String
    public var anthropicVersion: String
    /// Retries after the first attempt (the official SDKs use 2).
    public var maxRetries: Int
    public var connectTimeout: Duration
    /// The whole exchange, first byte sent to last byte received. Generous on purpose: the SDKs' 600 s is a
    /// per-read limit (our `idleTimeout`), and a long streamed answer must not be cut while bytes still flow.
    public var requestTimeout: Duration
    /// A response that sends no byte for this long is abandoned (`ProviderError.timeout`) and retried.
    public var idleTimeout: Duration
    /// Waits before a retry; injectable so tests can observe the back-off without waiting it out.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in `0..<1` for the back-off jitter; injectable so tests can fix it.
    public var random: @Sendable () -> Double
    /// The current time, to read a `retry-after` header given as an HTTP date.
    public var now: @Sendable () -> Date
    /// Where calls wait out a pause the API asked for, with the other calls on the same key (this process's, or
    /// every worker's when a shared gate is installed).
    public var gate: any RateLimitGate

    public init(
        apiKey: String?,
        baseURL: String = AnthropicConfiguration.defaultBaseURL,
        defaultModel: String = AnthropicConfiguration.defaultModel,
        anthropicVersion: String = AnthropicConfiguration.defaultAnthropicVersion,
        maxRetries: Int = 2,
        connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(3600),
        idleTimeout: Duration = .seconds(120),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() },
        gate: any RateLimitGate = RateLimitGates.current
    ) {
        self.apiKey = apiKey
        self.baseURL = Self.trimmingTrailingSlashes(baseURL)
        self.defaultModel = defaultModel
        self.anthropicVersion = anthropicVersion
        self.maxRetries = max(0, maxRetries)
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
        self.sleep = sleep
        self.random = random
        self.now = now
        self.gate = gate
    }

    /// Reads `ANTHROPIC_API_KEY` and `ANTHROPIC_BASE_URL` (the official SDKs' variables); the rest keeps its defaults.
    public init(environment: [String: String]) {
        let key = environment["ANTHROPIC_API_KEY"]?.trimmedWhitespace
        let base = environment["ANTHROPIC_BASE_URL"]?.trimmedWhitespace
        self.init(
            apiKey: key?.isEmpty == false ? key : nil,
            baseURL: base?.isEmpty == false ? base ?? Self.defaultBaseURL : Self.defaultBaseURL)
    }

    /// The API key, or the error that tells the user how to provide one.
    func requireAPIKey() throws(ProviderError) -> String {
        guard let apiKey, !apiKey.isEmpty else {
            throw .notConfigured(
                "the anthropic provider needs an API key: set ANTHROPIC_API_KEY in the environment "
                    + "(create a key at https://console.anthropic.com/settings/keys)")
        }
        return apiKey
    }

    private static func trimmingTrailingSlashes(_ url: String) -> String {
        var url = Substring(url)
        while url.hasSuffix("/") { url = url.dropLast() }
        return String(url)
    }
}
