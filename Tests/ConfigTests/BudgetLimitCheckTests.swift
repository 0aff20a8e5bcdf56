import Config
import Foundation
import Model
import Testing

/// A limit given on the command line or over RPC is held to the intake schema's bounds, in the schema walk's words.
@Suite("Budget limits on every path")
struct BudgetLimitCheckTests {
    static func intakeMessage(_ key: String, _ value: String) -> String? {
        let text = """
            project: {name: x}
            requirements: ["a"]
            phases: [planning]
            constraints:
              \(key): \(value)

            """
        return ConfigValidator().validate(text: text).diagnostics.first { $0.code == DiagnosticCode.outOfRange }?
            .message
    }

    @Test(
        "a limit the intake schema refuses is refused with the same words, only the field named as it was given",
        arguments: [
            (BudgetLimitCheck.Field.tokens, "0", "budget_tokens"), (.tokens, "-5", "budget_tokens"),
            (.usd, "0", "budget_usd"), (.usd, "-0.5", "budget_usd"),
        ])
    func sameBoundsAndWords(field: BudgetLimitCheck.Field, value: String, key: String) throws {
        let schemaMessage = try #require(Self.intakeMessage(key, value))
        let violation = try #require(
            field == .tokens
                ? BudgetLimitCheck.violation(tokens: Int(value), usd: nil)
                : BudgetLimitCheck.violation(tokens: nil, usd: Decimal(string: value)))
        #expect(violation.field == field)
        #expect(violation.message(subject: "'\(key)'") == schemaMessage)
        #expect(violation.message(subject: "--max-tokens").hasPrefix("--max-tokens must be greater than 0; found "))
    }

    @Test("limits the schema accepts pass, and so does an absent one")
    func validLimits() {
        #expect(BudgetLimitCheck.violation(tokens: 1, usd: Decimal(string: "0.01")) == nil)
        #expect(BudgetLimitCheck.violation(tokens: nil, usd: nil) == nil)
        #expect(Self.intakeMessage("budget_tokens", "1") == nil)
    }
}
