#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Estimates prompt tokens from text, locally, for budgeting a call before it is made.
///
/// English prose runs at about 3.6–4.3 characters a token, and tokenizers change between model generations
/// (REFERENCE.md, "Budgets under concurrency"), so the answer is a range. Characters outside ASCII (other
/// scripts, emoji) take far more tokens each, so the upper end counts each of them as a whole token. When the
/// provider is online its `count_tokens` endpoint gives the exact figure; this is for when it is not, or not yet.
public struct TokenEstimator: Sendable, Hashable {
    /// Characters a token at the dense end of the range: gives the upper estimate.
    public var minimumCharactersPerToken: Decimal {
        didSet { denseThousandths = Self.thousandths(minimumCharactersPerToken) }
    }
    /// Characters a token at the sparse end of the range: gives the lower estimate.
    public var maximumCharactersPerToken: Decimal {
        didSet { sparseThousandths = Self.thousandths(maximumCharactersPerToken) }
    }
    /// The ratios in thousandths, kept beside them so estimating stays integer arithmetic.
    private var denseThousandths: Int
    private var sparseThousandths: Int
    /// Tokens the API adds around each message (role and turn markers), counted in the upper estimate only.
    public var tokensPerMessage: Int
    /// Tokens of the system prompt the API adds when a request defines tools, counted in the upper estimate only.
    ///
    /// 346 is the figure Anthropic's tool-use pricing table gives for Claude 4-generation models with
    /// `tool_choice` `auto` or `none`.
    public var toolUseSystemPromptTokens: Int

    /// An estimator; the defaults are REFERENCE.md's ratios.
    public init(
        minimumCharactersPerToken: Decimal = Decimal(sign: .plus, exponent: -1, significand: 36),
        maximumCharactersPerToken: Decimal = Decimal(sign: .plus, exponent: -1, significand: 43),
        tokensPerMessage: Int = 4, toolUseSystemPromptTokens: Int = 346
    ) {
        self.minimumCharactersPerToken = minimumCharactersPerToken
        self.maximumCharactersPerToken = maximumCharactersPerToken
        self.denseThousandths = Self.thousandths(minimumCharactersPerToken)
        self.sparseThousandths = Self.thousandths(maximumCharactersPerToken)
        self.tokensPerMessage = tokensPerMessage
        self.toolUseSystemPromptTokens = toolUseSystemPromptTokens
    }

    /// The token range of one text.
    public func estimate(_ text: String) -> TokenEstimate {
        // Counted on the UTF-8 bytes: an ASCII byte is an ASCII character, any other non-continuation byte
        // starts one non-ASCII scalar. The runtime estimates every call's whole prompt, so this loop is hot.
        var ascii = 0
        var other = 0
        for byte in text.utf8 {
            if byte < 0x80 {
                ascii += 1
            } else if byte >= 0xC0 {
                other += 1
            }
        }
        guard ascii + other > 0 else { return .zero }
        // Characters-per-token ratios in thousandths, so the division is exact integer arithmetic.
        let sparse = self.sparseThousandths
        let dense = self.denseThousandths
        let low = (ascii + other) * 1_000 / sparse
        let high = (ascii * 1_000 + dense - 1) / dense + other
        return TokenEstimate(low: low, high: Swift.max(low, high))
    }

    /// A positive ratio in thousandths (3.6 → 3,600), at least 1; finer digits round up (fewer tokens counted).
    private static func thousandths(_ ratio: Decimal) -> Int {
        Swift.max(1, (ratio * 1_000).integer(.up) ?? 1)
    }

    /// The token range of a whole request's prompt, given its parts as text.
    ///
    /// - Parameters:
    ///   - system: the system prompt's texts.
    ///   - messages: each message's text (for blocks, their text, tool inputs and tool results joined).
    ///   - toolSchemas: each tool definition as JSON (name, description and input schema).
    public func estimate(system: [String], messages: [String], toolSchemas: [String]) -> TokenEstimate {
        var total = TokenEstimate.zero
        for text in system + messages + toolSchemas { total = total + self.estimate(text) }
        total.high += messages.count * self.tokensPerMessage
        if !toolSchemas.isEmpty { total.high += self.toolUseSystemPromptTokens }
        return total
    }
}
