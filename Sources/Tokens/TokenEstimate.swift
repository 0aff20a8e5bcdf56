/// A local guess at a prompt's token count: a range, since without the model's tokenizer it cannot be exact.
public struct TokenEstimate: Sendable, Hashable, Codable {
    /// The fewest tokens the text is likely to be.
    public var low: Int
    /// The most tokens the text is likely to be.
    public var high: Int

    /// Creates an estimate.
    public init(low: Int, high: Int) {
        self.low = low
        self.high = high
    }

    /// No text.
    public static let zero = TokenEstimate(low: 0, high: 0)

    /// The number a budget reserves: the upper end, because an estimate too low lets spending overshoot a limit.
    public var forBudgeting: Int { self.high }

    /// The estimate of two texts sent together.
    public static func + (left: TokenEstimate, right: TokenEstimate) -> TokenEstimate {
        TokenEstimate(low: left.low + right.low, high: left.high + right.high)
    }
}
