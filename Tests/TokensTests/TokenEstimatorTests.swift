import Testing
import Tokens

@Suite("Token estimator")
struct TokenEstimatorTests {
    let estimator = TokenEstimator()

    @Test("360 ASCII characters are 83 to 100 tokens: 4.3 and 3.6 characters a token")
    func asciiRange() {
        let estimate = self.estimator.estimate(String(repeating: "abcd", count: 90))
        #expect(estimate == TokenEstimate(low: 83, high: 100))
        #expect(estimate.forBudgeting == 100)
    }

    @Test("non-ASCII characters count as a whole token each at the upper end")
    func nonASCII() {
        #expect(self.estimator.estimate("日本語") == TokenEstimate(low: 0, high: 3))
        // 36 ASCII + 2 others: low ⌊38 / 4.3⌋ = 8, high ⌈36 / 3.6⌉ + 2 = 12.
        #expect(self.estimator.estimate(String(repeating: "a", count: 36) + "éü") == TokenEstimate(low: 8, high: 12))
    }

    @Test("no text is no tokens")
    func empty() {
        #expect(self.estimator.estimate("") == .zero)
        #expect(self.estimator.estimate(system: [], messages: [], toolSchemas: []) == .zero)
    }

    @Test("a request adds message framing and the tool-use system prompt to the upper end only")
    func request() {
        let text = String(repeating: "x", count: 36)  // 8 to 10 tokens
        let estimate = self.estimator.estimate(system: [text], messages: [text, text], toolSchemas: [text])
        #expect(estimate.low == 4 * 8)
        #expect(estimate.high == 4 * 10 + 2 * 4 + 346)
        let withoutTools = self.estimator.estimate(system: [text], messages: [text, text], toolSchemas: [])
        #expect(withoutTools.high == 3 * 10 + 2 * 4)
    }

    @Test("the upper estimate is never below the lower one", arguments: ["a", "ab", "🙂🙂", "x y z", "\n\n\n\n\n"])
    func ordered(text: String) {
        let estimate = self.estimator.estimate(text)
        #expect(estimate.low <= estimate.high)
        #expect(estimate.high >= 1)
    }
}
