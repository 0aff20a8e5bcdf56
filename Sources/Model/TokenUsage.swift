/// Tokens one model call used, split the way providers bill them.
///
/// `input` is only the uncached input (after the last cache breakpoint); the whole prompt is
/// `input + cacheCreation + cacheRead` (see REFERENCE.md, "Usage arithmetic").
public struct TokenUsage: Sendable, Hashable, Codable {
    public var input: Int
    public var output: Int
    public var cacheCreation: Int
    public var cacheRead: Int

    public init(input: Int = 0, output: Int = 0, cacheCreation: Int = 0, cacheRead: Int = 0) {
        self.input = input
        self.output = output
        self.cacheCreation = cacheCreation
        self.cacheRead = cacheRead
    }

    /// Every prompt token, cached or not.
    public var totalInput: Int { input + cacheCreation + cacheRead }

    /// Prompt and completion tokens together.
    public var total: Int { totalInput + output }

    public static let zero = TokenUsage()

    /// The sum of two calls' usage (for totals; never for a stream's cumulative deltas).
    public static func + (left: TokenUsage, right: TokenUsage) -> TokenUsage {
        TokenUsage(
            input: left.input + right.input, output: left.output + right.output,
            cacheCreation: left.cacheCreation + right.cacheCreation, cacheRead: left.cacheRead + right.cacheRead)
    }

    enum CodingKeys: String, CodingKey {
        case input = "inputTokens"
        case output = "outputTokens"
        case cacheCreation = "cacheCreationInputTokens"
        case cacheRead = "cacheReadInputTokens"
    }
}
