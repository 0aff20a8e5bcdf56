import Testing
import Tokens

@Suite("Context: selection within an allotment")
struct ContextSelectionTests {
    let optimizer = ContextOptimizer()
    let task = "Build the demand forecast model"
    let documents = [
        ContextDocument(
            path: "src/model.py", text: "def fit(data):\n    \"\"\"Fits the model.\"\"\"\n    return data\n"),
        ContextDocument(
            path: "LICENSE",
            text: String(repeating: "Permission is hereby granted, free of charge, to any person.\n", count: 40)),
        ContextDocument(
            path: "docs/forecast_model.md",
            text: "# Forecast model\n\nThe forecast model predicts weekly demand.\n\n## Inputs\n\nSales by store.\n\n"
                + String(repeating: "More detail about the forecast model. ", count: 40)),
        ContextDocument(path: "docs/dashboard.md", text: "# Dashboard\n\nCharts of the demand forecast.\n"),
    ]

    /// Every document's entry when everything fits, by path.
    func sizes() -> [String: ContextEntry] {
        let all = optimizer.select(task: task, documents: documents, allotment: 1_000_000)
        return Dictionary(uniqueKeysWithValues: all.entries.map { ($0.path, $0) })
    }

    @Test(
        "the documents sent never take more tokens than the allotment",
        arguments: [0, 1, 10, 40, 60, 100, 137, 250, 400, 800, 10_000])
    func allotmentRespected(allotment: Int) {
        let selection = optimizer.select(task: task, documents: documents, allotment: allotment)
        #expect(selection.sentTokens <= allotment)
        #expect(selection.sentTokens <= selection.everythingTokens)
        #expect(selection.fullTokens + selection.summaryTokens == selection.sentTokens)
        #expect(selection.entries.count == documents.count)
        for entry in selection.entries where entry.form != .omitted {
            #expect(ApproximateTokens.count(entry.text) == entry.tokens)
        }
    }

    @Test("the most relevant document first, the one sharing no word with the task last")
    func order() {
        let selection = optimizer.select(task: task, documents: documents, allotment: 0)
        #expect(selection.entries.first?.path == "docs/forecast_model.md")
        #expect(selection.entries.last?.path == "LICENSE")
        #expect(selection.entries.last?.score == 0)
        #expect(selection.omitted.count == documents.count)
    }

    @Test("an allotment of exactly a document's block fits it, one token less does not")
    func exactFit() throws {
        let best = try #require(sizes()["docs/forecast_model.md"])

        let exact = optimizer.select(task: task, documents: documents, allotment: best.fullTokens)
        #expect(exact.full.map(\.path) == ["docs/forecast_model.md"])
        #expect(exact.sentTokens == best.fullTokens)
        #expect(exact.omitted.count == documents.count - 1)

        let short = optimizer.select(task: task, documents: documents, allotment: best.fullTokens - 1)
        #expect(short.entries[0].form == .summary)
        #expect(short.sentTokens <= best.fullTokens - 1)
    }

    @Test("a document too large to fit is summarised while smaller, less relevant ones are sent whole")
    func largerSkippedSmallerIncluded() throws {
        let sizes = sizes()
        let big = try #require(sizes["docs/forecast_model.md"])
        let dashboard = try #require(sizes["docs/dashboard.md"])
        let model = try #require(sizes["src/model.py"])
        let allotment = big.summaryTokens + dashboard.fullTokens + model.fullTokens
        #expect(allotment < big.fullTokens)

        let selection = optimizer.select(task: task, documents: documents, allotment: allotment)
        #expect(selection.entries[0].path == "docs/forecast_model.md")
        #expect(selection.entries[0].form == .summary)
        #expect(Set(selection.full.map(\.path)) == ["docs/dashboard.md", "src/model.py"])
        #expect(selection.omitted.map(\.path) == ["LICENSE"])
        #expect(selection.sentTokens == allotment)
    }

    @Test("a document sharing no word with the task is summarised, not sent whole")
    func irrelevantSummarised() throws {
        let selection = optimizer.select(task: task, documents: documents, allotment: 10_000)
        let license = try #require(selection.entries.first { $0.path == "LICENSE" })
        #expect(license.form == .summary)
        #expect(selection.full.count == 3)
        #expect(selection.everythingTokens - selection.sentTokens == license.fullTokens - license.summaryTokens)
    }

    @Test("a short document whose summary would be larger is sent whole instead")
    func shortDocumentWhole() {
        let tiny = ContextDocument(path: "NOTICE", text: "MIT")
        let selection = optimizer.select(task: task, documents: [tiny], allotment: 100, mode: .summariesOnly)
        #expect(selection.full.map(\.path) == ["NOTICE"])
        #expect(selection.entries[0].summaryTokens > selection.entries[0].fullTokens)
    }

    @Test("in summaries-only mode documents go as summaries, with a pointer to the file_system read action")
    func summariesOnly() {
        let selection = optimizer.select(
            task: task, documents: documents, allotment: 10_000, mode: .summariesOnly)
        for entry in selection.entries {
            #expect(entry.form == (entry.summaryTokens < entry.fullTokens ? .summary : .full))
        }
        #expect(Set(selection.summarized.map(\.path)) == ["docs/forecast_model.md", "LICENSE"])
        #expect(selection.summaryTokens < selection.summarizedFullTokens)
        let text = selection.promptText
        #expect(text.hasPrefix("<document path=\"docs/forecast_model.md\" form=\"summary\">\n"))
        #expect(text.contains("file_system tool's read action: {\"path\":\"docs/forecast_model.md\"}"))
        #expect(text.contains("\n# Forecast model\nThe forecast model predicts weekly demand.\n## Inputs\n"))
    }

    @Test("summaries passed in (from the cache) are used instead of made again")
    func suppliedSummaries() throws {
        let supplied = DocumentSummary(kind: .markdown, lines: ["# Cached outline"], truncated: false)
        let selection = optimizer.select(
            task: task, documents: documents, allotment: 10_000, mode: .summariesOnly,
            summaries: ["docs/forecast_model.md": supplied])
        let entry = try #require(selection.entries.first { $0.path == "docs/forecast_model.md" })
        #expect(entry.form == .summary)
        #expect(entry.text.hasSuffix("\n# Cached outline\n</document>"))
    }

    @Test("token counts come from the estimate passed in")
    func customEstimate() {
        let counting = ContextOptimizer(estimate: { $0.count })
        let document = ContextDocument(path: "a.md", text: "forecast")
        let selection = counting.select(task: "forecast", documents: [document], allotment: 1_000)
        #expect(selection.fullTokens == "<document path=\"a.md\">\nforecast\n</document>".count)
    }

    @Test("paths are escaped in the block's attribute")
    func escapedPath() {
        let document = ContextDocument(path: "a\"<b>&.md", text: "forecast")
        let selection = optimizer.select(task: "forecast", documents: [document], allotment: 1_000)
        #expect(selection.promptText.hasPrefix("<document path=\"a&quot;&lt;b&gt;&amp;.md\">\n"))
    }
}
