import Foundation
import Testing
import Tokens

@Suite("Context: report")
struct ContextReportTests {
    let report = ContextReport(
        rows: [
            ContextReportRow(strategy: .selectiveLoading, tokensWithout: 12_000, tokensWith: 3_000),
            ContextReportRow(strategy: .progressiveExpansion, tokensWithout: 900, tokensWith: 120),
            ContextReportRow(strategy: .handOffSummaries, tokensWithout: 1_600, tokensWith: 80),
            ContextReportRow(strategy: .promptCaching, tokensWithout: 0, tokensWith: 0),
        ], summaryCache: SummaryCacheStats(hits: 3, misses: 1))

    @Test("the table pads its columns and right-aligns the numbers")
    func table() {
        #expect(
            report.table() == """
                strategy               tokens without  tokens with  saved  ratio
                selective loading               12000         3000   9000   4.0x
                progressive expansion             900          120    780   7.5x
                hand-off summaries               1600           80   1520  20.0x
                prompt caching                      0            0      0      -
                summary cache: 3 hits, 1 miss, 0 failed writes

                """)
        #expect(!report.table().contains("\u{1B}"))
    }

    @Test("the JSON has every row with saved and ratio (null when nothing is sent)")
    func json() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text.hasPrefix(#"{"rows":[{"ratio":4,"saved":9000,"strategy":"selective_loading","#))
        #expect(
            text.contains(#"{"ratio":null,"saved":0,"strategy":"prompt_caching","tokensWith":0,"tokensWithout":0}"#))
        #expect(text.hasSuffix(#""summaryCache":{"hits":3,"misses":1,"writeFailures":0}}"#))
    }

    @Test("the report of the four strategies is built from their measurements")
    func fromMeasurements() {
        let optimizer = ContextOptimizer()
        let documents = [
            ContextDocument(
                path: "docs/forecast.md", text: "# Forecast\n\n" + String(repeating: "Demand. ", count: 200)),
            ContextDocument(path: "docs/dashboard.md", text: "# Dashboard\n\nCharts of the forecast.\n"),
        ]
        let selection = optimizer.select(task: "forecast dashboard", documents: documents, allotment: 200)
        let handOff = optimizer.handOff([
            PhaseHandOff(phase: "planning", transcript: [String(repeating: "x", count: 4_000)], summary: "short")
        ])
        let cache = PromptCacheSavings(prefixTokens: 2_000, calls: 10)
        let report = ContextReport(selection: selection, handOff: handOff, promptCache: cache)

        #expect(report.rows.map(\.strategy) == ContextStrategy.allCases)
        #expect(report.rows[0].tokensWithout == selection.everythingTokens)
        #expect(report.rows[0].tokensWith == selection.sentTokens)
        #expect(report.rows[1].tokensWithout == selection.summarizedFullTokens)
        #expect(report.rows[1].tokensWith == selection.summaryTokens)
        #expect(selection.summarized.map(\.path) == ["docs/forecast.md"])
        #expect(report.rows[2].tokensWithout == 1_000)
        #expect(report.rows[2].tokensWith == 2)
        #expect(report.rows[3].tokensWithout == 20_000)
        #expect(report.rows[3].tokensWith == 4_300)
        #expect(report.rows.allSatisfy { $0.saved > 0 })
    }
}
