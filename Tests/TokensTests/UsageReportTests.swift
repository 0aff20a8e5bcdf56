import Foundation
import Model
import Testing

@testable import Tokens

@Suite("Usage report")
struct UsageReportTests {
    private static func entry(
        _ phase: Phase, _ agent: String, model: String = "claude-sonnet-4-5", id: String, input: Int, output: Int,
        cost: String?
    ) -> LedgerEntry {
        LedgerEntry(
            workflowID: "wf-1", phase: phase, agent: agent, provider: "anthropic", model: model, messageID: id,
            usage: TokenUsage(input: input, output: output), costUSD: cost.flatMap { Decimal(string: $0) },
            time: Date(timeIntervalSince1970: 0))
    }

    static let entries = [
        entry(.planning, "consensus", id: "msg_1", input: 1_000, output: 200, cost: "0.006"),
        entry(.qa, "reviewer", id: "msg_2", input: 2_000, output: 100, cost: "0.0075"),
        entry(.planning, "consensus", id: "msg_3", input: 500, output: 50, cost: "0.00225"),
        entry(.qa, "qa", model: "claude-haiku-4-5", id: "msg_4", input: 4_000, output: 400, cost: "0.006"),
        entry(.qa, "reviewer", id: "msg_2", input: 2_000, output: 100, cost: "0.0075"),
        entry(.qa, "qa", model: "house-model", id: "msg_5", input: 10, output: 10, cost: nil),
    ]

    @Test("totals by phase, agent and model, charging a repeated message id once")
    func aggregation() {
        let report = UsageReport(entries: Self.entries)
        #expect(report.duplicatesIgnored == 1)
        #expect(report.total.calls == 5)
        #expect(report.total.usage == TokenUsage(input: 7_510, output: 760))
        #expect(report.total.costUSD == Decimal(string: "0.02175"))
        #expect(report.total.unpricedCalls == 1)
        #expect(report.byPhase.map(\.phase) == [.planning, .qa])
        #expect(report.byPhase.map(\.calls) == [2, 3])
        #expect(report.byPhase.map(\.costUSD) == [Decimal(string: "0.00825"), Decimal(string: "0.0135")])
        #expect(report.byAgent.map(\.label) == ["planning/consensus", "qa/qa", "qa/reviewer"])
        #expect(report.byAgent.map(\.usage.total) == [1_750, 4_420, 2_100])
        #expect(report.byModel.map(\.model) == ["claude-haiku-4-5", "claude-sonnet-4-5", "house-model"])
        #expect(report.byModel.map(\.unpricedCalls) == [0, 0, 1])
    }

    @Test("the ledger's spend by level, deduplicated, seeds an account")
    func spentByLevel() {
        let spent = LedgerEntry.spentByLevel(Self.entries)
        #expect(spent[.agent(.qa, "reviewer")] == BudgetAmount(tokens: 2_100, usd: Decimal(string: "0.0075")!))
        #expect(spent.count == 3)
    }

    @Test("the table shows every section with its total, and an unpriced column when a call is unpriced")
    func table() {
        #expect(
            UsageReport(entries: Self.entries).tableText() == """
                By phase
                phase     calls  input  cache write  cache read  output  total     cost  unpriced calls
                planning      2  1,500            0           0     250  1,750  $0.0083               0
                qa            3  6,010            0           0     510  6,520  $0.0135               1
                total         5  7,510            0           0     760  8,270  $0.0218               1

                By agent
                agent               calls  input  cache write  cache read  output  total     cost  unpriced calls
                planning/consensus      2  1,500            0           0     250  1,750  $0.0083               0
                qa/qa                   2  4,010            0           0     410  4,420  $0.0060               1
                qa/reviewer             1  2,000            0           0     100  2,100  $0.0075               0
                total                   5  7,510            0           0     760  8,270  $0.0218               1

                By model
                model                        calls  input  cache write  cache read  output  total     cost  unpriced calls
                anthropic claude-haiku-4-5       1  4,000            0           0     400  4,400  $0.0060               0
                anthropic claude-sonnet-4-5      3  3,500            0           0     350  3,850  $0.0158               0
                anthropic house-model            1     10            0           0      10     20  $0.0000               1
                total                            5  7,510            0           0     760  8,270  $0.0218               1

                1 repeated message id(s) charged once.

                """)
        let priced = UsageReport(entries: Array(Self.entries.prefix(1))).tableText()
        #expect(priced.hasPrefix("By phase\nphase     calls  input  cache write  cache read  output  total     cost\n"))
        #expect(!priced.contains("charged once"))
    }

    @Test(
        "CSV fields are quoted only when RFC 4180 requires it",
        arguments: [
            ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r\nlf", "\"cr\r\nlf\""), ("", ""),
        ])
    func csvQuoting(value: String, expected: String) {
        #expect(UsageReport.csvField(value) == expected)
    }

    @Test("the CSV has a header, a row per line of each section, and CRLF line ends")
    func csv() {
        var entries = Self.entries
        entries.append(Self.entry(.qa, "odd, \"agent\"", id: "msg_6", input: 1, output: 1, cost: "0.000018"))
        let lines = UsageReport(entries: entries).csv().components(separatedBy: "\r\n")
        #expect(
            lines.first
                == "group,phase,agent,provider,model,calls,input_tokens,cache_creation_input_tokens,"
                + "cache_read_input_tokens,output_tokens,total_tokens,cost_usd,unpriced_calls,reported_cost_usd")
        #expect(lines.contains("phase,planning,,,,2,1500,0,0,250,1750,0.00825,0,"))
        #expect(lines.contains("agent,qa,\"odd, \"\"agent\"\"\",,,1,1,0,0,1,2,0.000018,0,"))
        #expect(lines.contains("total,,,,,6,7511,0,0,761,8272,0.021768,1,"))
        #expect(lines.last == "")
        #expect(lines.count == 1 + 2 + 4 + 3 + 1 + 1)
    }

    @Test("a provider's own run cost is spread over the run's messages by their table cost, adding up exactly")
    func reportedCostShares() {
        let shares = ReportedCost.shares(
            of: Decimal(string: "0.1")!, tableCosts: [Decimal(string: "0.03"), Decimal(string: "0.06")],
            tokens: [10, 10])
        #expect(shares.reduce(0, +) == Decimal(string: "0.1"))
        #expect(shares[1] == shares[0] * 2 || shares[1] == shares[0] * 2 + Decimal(string: "0.000000000001")!)
        // When the table cannot price every message, tokens weigh instead.
        let byTokens = ReportedCost.shares(
            of: Decimal(string: "0.9")!, tableCosts: [nil, Decimal(string: "0.01")], tokens: [200, 100])
        #expect(byTokens == [Decimal(string: "0.6"), Decimal(string: "0.3")])
    }

    @Test("budget report keeps both costs and names an agent whose two figures differ by more than 1%")
    func reportedCostDisagreement() throws {
        func call(_ agent: String, _ id: String, table: String?, reported: String) -> LedgerEntry {
            LedgerEntry(
                workflowID: "wf-1", phase: .qa, agent: agent, provider: "claude-code", model: "claude-sonnet-4-5",
                messageID: id, usage: TokenUsage(input: 1_000, output: 100),
                costUSD: table.flatMap { Decimal(string: $0) }, reportedCostUSD: Decimal(string: reported),
                time: Date(timeIntervalSince1970: 0))
        }
        let entries = [
            call("qa", "m1", table: "0.0100", reported: "0.0150"),
            call("qa", "m2", table: "0.0100", reported: "0.0050"),  // 0.02 against 0.02: agrees in sum
            call("reviewer", "m3", table: "0.0200", reported: "0.0203"),  // +1.5%
            call("steward", "m4", table: "0.0200", reported: "0.0201"),  // +0.5%: within 1%
            call("lost", "m5", table: nil, reported: "0.5"),  // unpriced: nothing to compare
        ]
        let report = UsageReport(entries: entries)
        #expect(report.total.costUSD == Decimal(string: "0.06"))
        #expect(report.total.reportedCostUSD == Decimal(string: "0.5604"))
        #expect(report.costDisagreements.map(\.agent) == ["reviewer"])
        #expect(report.costDisagreements.first?.differencePercent == Decimal(string: "1.5"))
        #expect(report.costDisagreements.first?.tableCostUSD == Decimal(string: "0.02"))
        let text = report.tableText()
        #expect(text.contains("reported cost"))
        #expect(
            text.contains("qa/reviewer (claude-code): reported $0.0203, price table $0.0200, +1.5%"), "\(text)")
        #expect(!text.contains("qa/steward (claude-code)"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains(#""costDisagreements":[{"#))
        #expect(json.contains(#""differencePercent":1.5"#))
        // The unpriced call is charged the provider's figure; priced ones the table's.
        #expect(LedgerEntry.spentByLevel(entries)[.agent(.qa, "lost")]?.usd == Decimal(string: "0.5"))
        #expect(LedgerEntry.spentByLevel(entries)[.agent(.qa, "reviewer")]?.usd == Decimal(string: "0.02"))
        // Without provider figures, the report is as before: no column, no disagreements.
        let plain = UsageReport(entries: Self.entries)
        #expect(plain.costDisagreements.isEmpty && !plain.tableText().contains("reported cost"))
    }

    @Test("the report encodes to JSON with camelCase keys and exact costs")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(UsageReport(entries: Self.entries))
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains(#""duplicatesIgnored":1"#))
        #expect(text.contains(#""costUSD":0.02175"#))
        #expect(text.contains(#""inputTokens":7510"#))
        #expect(text.contains(#""byPhase":[{"calls":2"#))
    }
}
