import Foundation
import Testing

@testable import Tokens

@Suite("Price table")
struct PriceTableTests {
    @Test("the built-in table parses and lists every family REFERENCE.md prices, plus the offline model")
    func builtinParses() throws {
        let table = try PriceTable(parsing: PriceTable.builtinJSON)
        #expect(table == PriceTable.builtin)
        #expect(
            table.entries.map(\.id) == [
                "claude-haiku-3.5", "claude-haiku-4.5", "claude-opus-4-4.1", "claude-opus-4.5-4.6",
                "claude-sonnet-3.7-4.6", "offline-deterministic",
            ])
        #expect(table.entries.allSatisfy { $0.effectiveDate == "2026-02-01" })
    }

    @Test(
        "REFERENCE.md's list prices, per million tokens: input, 5-min write, 1-h write, cache read, output",
        arguments: [
            ("claude-opus-4-6", ["5", "6.25", "10", "0.5", "25"]),
            ("claude-opus-4-1", ["15", "18.75", "30", "1.5", "75"]),
            ("claude-sonnet-4-5", ["3", "3.75", "6", "0.3", "15"]),
            ("claude-haiku-4-5", ["1", "1.25", "2", "0.1", "5"]),
            ("claude-3-5-haiku", ["0.8", "1", "1.6", "0.08", "4"]),
        ])
    func listPrices(model: String, rates: [String]) throws {
        let price = try #require(PriceTable.builtin.lookup(model: model).price)
        let expected = rates.compactMap { Decimal(string: $0) }
        #expect([price.input, price.cacheWrite5m, price.cacheWrite1h, price.cacheRead, price.output] == expected)
    }

    @Test("every built-in cache rate is the documented multiple of input: 1.25× and 2× to write, 0.1× to read")
    func cacheMultipliers() {
        for price in PriceTable.builtin.entries {
            #expect(price.cacheWrite5m == price.input * Decimal(string: "1.25")!, "\(price.id)")
            #expect(price.cacheWrite1h == price.input * 2, "\(price.id)")
            #expect(price.cacheRead == price.input * Decimal(string: "0.1")!, "\(price.id)")
        }
    }

    @Test(
        "exact ids, dated snapshots and aliases find their family",
        arguments: [
            ("claude-sonnet-4-5", "claude-sonnet-3.7-4.6"),
            ("claude-sonnet-4-5-20250929", "claude-sonnet-3.7-4.6"),
            ("claude-sonnet-4-5@20250929", "claude-sonnet-3.7-4.6"),
            ("claude-sonnet-4-20250514", "claude-sonnet-3.7-4.6"),
            ("claude-3-7-sonnet-latest", "claude-sonnet-3.7-4.6"),
            ("claude-3-7-sonnet-20250219", "claude-sonnet-3.7-4.6"),
            ("claude-opus-4-5-20251101", "claude-opus-4.5-4.6"),
            ("claude-opus-4-6", "claude-opus-4.5-4.6"),
            ("claude-opus-4-20250514", "claude-opus-4-4.1"),
            ("claude-opus-4-1-20250805", "claude-opus-4-4.1"),
            ("claude-haiku-4-5-20251001", "claude-haiku-4.5"),
            ("claude-3-5-haiku-latest", "claude-haiku-3.5"),
            ("offline-deterministic", "offline-deterministic"),
        ])
    func matching(model: String, entry: String) {
        #expect(PriceTable.builtin.lookup(model: model).price?.id == entry)
    }

    @Test(
        "an unknown model, or a new version of a known family, is unpriced, never free",
        arguments: ["gpt-4o", "claude-opus-4-7", "claude-opus-4-7-20260301", "claude-sonnet-5", "claude", ""])
    func unknownIsUnpriced(model: String) {
        #expect(PriceTable.builtin.lookup(model: model) == .unpriced(model: model))
    }

    @Test("the offline model costs nothing, and says why")
    func offlineIsFree() throws {
        let price = try #require(PriceTable.builtin.lookup(model: "offline-deterministic").price)
        #expect(
            [price.input, price.cacheWrite5m, price.cacheWrite1h, price.cacheRead, price.output] == [0, 0, 0, 0, 0])
        #expect(price.note?.contains("calls no model") == true)
    }

    @Test("an override replaces an entry whole, claims models from others, and adds new ones")
    func overrideMerge() throws {
        let merged = try PriceTable.builtin.merging(
            overrides: #"""
                {
                  "prices": {
                    "claude-haiku-4.5": {
                      "effective_date": "2026-06-01", "models": ["claude-haiku-4-5"],
                      "input": "1.10", "cache_write_5m": 1.375, "cache_write_1h": 2.2, "cache_read": 0.11, "output": 5.5
                    },
                    "sonnet-4-6-discount": {
                      "name": "Negotiated Sonnet 4.6", "effective_date": "2026-03-01", "models": ["claude-sonnet-4-6"],
                      "input": 2, "cache_write_5m": 2.5, "cache_write_1h": 4, "cache_read": 0.2, "output": 10
                    },
                    "in-house": {
                      "effective_date": "2026-03-01", "models": ["acme-llm"],
                      "input": 0.25, "cache_write_5m": 0, "cache_write_1h": 0, "cache_read": 0, "output": 1
                    }
                  }
                }
                """#)
        let haiku = try #require(merged.lookup(model: "claude-haiku-4-5-20251001").price)
        #expect(haiku.input == Decimal(string: "1.1"))
        #expect(haiku.effectiveDate == "2026-06-01")
        #expect(merged.lookup(model: "claude-sonnet-4-6").price?.id == "sonnet-4-6-discount")
        #expect(merged.lookup(model: "claude-sonnet-4-5").price?.id == "claude-sonnet-3.7-4.6")
        #expect(merged.entry(id: "claude-sonnet-3.7-4.6")?.models.contains("claude-sonnet-4-6") == false)
        #expect(merged.lookup(model: "acme-llm").price?.output == 1)
        #expect(
            merged.lookup(model: "claude-opus-4-6").price == PriceTable.builtin.lookup(model: "claude-opus-4-6").price)
    }

    static let validEntry =
        #""effective_date": "2026-03-01", "models": ["m"], "input": 1, "cache_write_5m": 1, "cache_write_1h": 1, "cache_read": 1"#

    @Test(
        "a malformed override is refused with a code and the JSON pointer of the culprit",
        arguments: [
            ("{", PriceTableError.Code.invalidJSON, ""),
            ("[]", .wrongType, ""),
            (#"{"price": {}}"#, .unknownField, "/price"),
            (#"{"currency": "EUR", "prices": {}}"#, .invalidValue, "/currency"),
            (#"{"note": "no prices"}"#, .missingField, ""),
            (#"{"prices": []}"#, .wrongType, "/prices"),
            (#"{"prices": {"x": {\#(validEntry)}}}"#, .missingField, "/prices/x"),
            (#"{"prices": {"x": {\#(validEntry), "output": "free"}}}"#, .invalidValue, "/prices/x/output"),
            (#"{"prices": {"x": {\#(validEntry), "output": -1}}}"#, .invalidValue, "/prices/x/output"),
            (#"{"prices": {"x": {\#(validEntry), "output": true}}}"#, .wrongType, "/prices/x/output"),
            (#"{"prices": {"x": {\#(validEntry), "output": "5abc"}}}"#, .invalidValue, "/prices/x/output"),
            (#"{"prices": {"a/b": {\#(validEntry), "ouput": 1}}}"#, .unknownField, "/prices/a~1b/ouput"),
            (
                #"{"prices": {"x": {\#(validEntry), "output": 1, "effective_date": "March 2026"}}}"#, .invalidValue,
                "/prices/x/effective_date"
            ),
            (#"{"prices": {"x": {\#(validEntry), "output": 1, "models": []}}}"#, .invalidValue, "/prices/x/models"),
            (#"{"prices": {"x": {\#(validEntry), "output": 1, "models": [7]}}}"#, .wrongType, "/prices/x/models/0"),
            (
                #"{"prices": {"x": {\#(validEntry), "output": 1}, "y": {\#(validEntry), "output": 2}}}"#,
                .duplicateModel, "/prices/y/models/0"
            ),
        ])
    func malformedOverride(text: String, code: PriceTableError.Code, pointer: String) {
        #expect {
            _ = try PriceTable.builtin.merging(overrides: text)
        } throws: { error in
            guard let error = error as? PriceTableError else { return false }
            return error.code == code && error.pointer == pointer
        }
    }

    @Test("built from entries in code, a later entry wins an id or a model id claimed twice")
    func laterEntryWins() {
        func price(_ id: String, _ models: [String], output: Decimal) -> ModelPrice {
            ModelPrice(
                id: id, name: id, models: models, effectiveDate: "2026-01-01", input: 1, cacheWrite5m: 1,
                cacheWrite1h: 1, cacheRead: 1, output: output)
        }
        let table = PriceTable(entries: [
            price("a", ["m1", "m2"], output: 1), price("b", ["m2"], output: 2), price("a", ["m1"], output: 3),
        ])
        #expect(table.entries.map(\.id) == ["a", "b"])
        #expect(table.lookup(model: "m1").price?.output == 3)
        #expect(table.lookup(model: "m2").price?.output == 2)
    }

    @Test("the error text leads with the pointer")
    func errorDescription() {
        let error = PriceTableError(code: .wrongType, pointer: "/prices/x/output", message: "expected a number")
        #expect(error.description == "/prices/x/output: expected a number")
        #expect(error.code.description == "wrong_type")
    }
}
