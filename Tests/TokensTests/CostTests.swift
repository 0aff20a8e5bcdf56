import Foundation
import Model
import Testing
import Tokens

@Suite("Cost")
struct CostTests {
    private func usd(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    @Test("Sonnet 4.5: 1,000 in, 2,000 cache write, 10,000 cache read, 500 out is $0.021 (5 min) or $0.0255 (1 h)")
    func sonnetWithCache() {
        let usage = TokenUsage(input: 1_000, output: 500, cacheCreation: 2_000, cacheRead: 10_000)
        // 1,000 × 3 + 2,000 × 3.75 + 10,000 × 0.30 + 500 × 15 = 21,000 per million.
        #expect(PriceTable.builtin.cost(of: usage, model: "claude-sonnet-4-5-20250929") == .priced(usd("0.021")))
        // The hour-long write costs 6 instead of 3.75: 21,000 + 2,000 × 2.25 = 25,500 per million.
        #expect(
            PriceTable.builtin.cost(of: usage, model: "claude-sonnet-4-5", cacheTTL: .oneHour)
                == .priced(usd("0.0255")))
    }

    @Test("Opus 4.6 with odd counts is exact to the last fraction of a cent")
    func opusExact() {
        let usage = TokenUsage(input: 123_456, output: 7_890, cacheCreation: 4_321, cacheRead: 50_000)
        // 617,280 + 27,006.25 + 25,000 + 197,250 = 866,536.25 per million.
        #expect(PriceTable.builtin.cost(of: usage, model: "claude-opus-4-6").usd == usd("0.86653625"))
    }

    @Test("a single Haiku 3.5 token of each kind costs its rate over a million, with no binary rounding")
    func singleTokens() throws {
        let price = try #require(PriceTable.builtin.lookup(model: "claude-3-5-haiku-20241022").price)
        #expect(price.cost(of: TokenUsage(input: 1)) == usd("0.0000008"))
        #expect(price.cost(of: TokenUsage(cacheRead: 1)) == usd("0.00000008"))
        #expect(price.cost(of: TokenUsage(cacheCreation: 1)) == usd("0.000001"))
        #expect(price.cost(of: TokenUsage(cacheCreation: 1), cacheTTL: .oneHour) == usd("0.0000016"))
        #expect(price.cost(of: TokenUsage(output: 3)) == usd("0.000012"))
    }

    @Test("an unpriced model has no cost, not a zero one")
    func unpricedCost() {
        let cost = PriceTable.builtin.cost(of: TokenUsage(input: 10, output: 10), model: "mystery-model")
        #expect(cost == .unpriced(model: "mystery-model"))
        #expect(cost.usd == nil)
    }

    @Test("the worst case prices the prompt as one-hour cache writes and adds all of max_tokens as output")
    func worstCase() {
        // 10,000 × 6 + 4,000 × 15 = 120,000 per million.
        #expect(
            PriceTable.builtin.worstCaseCost(promptTokens: 10_000, maxOutputTokens: 4_000, model: "claude-sonnet-4-6")
                == .priced(usd("0.12")))
        #expect(
            PriceTable.builtin.worstCaseCost(promptTokens: 1, maxOutputTokens: 1, model: "nope")
                == .unpriced(model: "nope"))
    }
}
