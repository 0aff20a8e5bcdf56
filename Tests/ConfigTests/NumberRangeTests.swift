import Config
import Model
import TestSupport
import Testing

/// Numbers the typed configuration cannot hold must be reported where they are written, not read as 0.
@Suite("Numbers beyond 64 bits")
struct NumberRangeTests {
    static let intake = """
        project:
          name: x
        requirements: ["a"]
        phases: [planning, architecture, development, qa, documentation]
        constraints:
          budget_tokens: 1️⃣VALUE2️⃣

        """

    @Test(
        "an integer beyond 64 bits is out-of-range at the value",
        arguments: ["99999999999999999999999", "9223372036854775808", "-9223372036854775809", "0x1FFFFFFFFFFFFFFFF"])
    func integerOverflow(_ value: String) throws {
        let marked = MarkedText(Self.intake.replacing("VALUE", with: value))
        let result = ConfigValidator().validate(text: marked.text)
        let diagnostic = try #require(
            result.diagnostics.first { $0.code == DiagnosticCode.outOfRange },
            "diagnostics: \(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.range.start.offset == marked["1️⃣"])
        #expect(diagnostic.range.end.offset == marked["2️⃣"])
        #expect(diagnostic.message.contains("from -9223372036854775808 to 9223372036854775807"))
        #expect(diagnostic.message.contains(value))
    }

    @Test("the largest 64-bit integer is accepted")
    func largestInteger() {
        let text = MarkedText(Self.intake.replacing("VALUE", with: "9223372036854775807")).text
        #expect(ConfigValidator().validate(text: text).diagnostics.isEmpty)
    }

    @Test("a float written beyond Double's range is out-of-range; .inf is a number as written")
    func floatOverflow() throws {
        let intake = Self.intake.replacing("budget_tokens: 1️⃣VALUE2️⃣", with: "budget_usd: 1️⃣VALUE2️⃣")
        let marked = MarkedText(intake.replacing("VALUE", with: "1e400"))
        let diagnostics = ConfigValidator().validate(text: marked.text).diagnostics
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == DiagnosticCode.outOfRange)
        #expect(diagnostic.range.start.offset == marked["1️⃣"])
        #expect(diagnostic.message.contains("a finite number"))
    }
}
