import Foundation
import Testing

@testable import Tokens

@Suite("Decimal rounding and amount text")
struct DecimalRoundingTests {
    @Test(
        "rounding to places, exactly",
        arguments: [
            ("2.71828", 2, DecimalRoundingRule.down, "2.71"),
            ("2.71828", 2, .up, "2.72"),
            ("2.71828", 2, .toNearestOrAwayFromZero, "2.72"),
            ("2.715", 2, .toNearestOrAwayFromZero, "2.72"),
            ("2.7149", 2, .toNearestOrAwayFromZero, "2.71"),
            ("-2.71828", 2, .down, "-2.72"),
            ("-2.71828", 2, .up, "-2.71"),
            ("-2.715", 2, .toNearestOrAwayFromZero, "-2.72"),
            ("3", 2, .up, "3"),
            ("0.999", 0, .up, "1"),
            ("0.00000008", 6, .down, "0"),
            ("0.00000008", 6, .up, "0.000001"),
            ("99.995", 2, .toNearestOrAwayFromZero, "100"),
        ])
    func rounding(value: String, places: Int, rule: DecimalRoundingRule, expected: String) throws {
        let decimal = try #require(Decimal(string: value))
        #expect(decimal.rounded(toPlaces: places, rule) == Decimal(string: expected))
    }

    @Test(
        "token counts are grouped by thousands",
        arguments: [(0, "0"), (999, "999"), (12_000, "12,000"), (-1_234_567, "-1,234,567")])
    func tokenText(value: Int, expected: String) {
        #expect(AmountText.tokens(value) == expected)
    }

    @Test(
        "dollars show two to four decimals",
        arguments: [
            ("5", "$5.00"), ("0.0042", "$0.0042"), ("0.00004", "$0.00"), ("1234.56789", "$1,234.5679"),
            ("-0.5", "-$0.50"),
        ])
    func usdText(value: String, expected: String) throws {
        #expect(AmountText.usd(try #require(Decimal(string: value))) == expected)
    }
}
