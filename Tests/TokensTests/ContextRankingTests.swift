import Testing

@testable import Tokens

@Suite("Context: relevance ranking")
struct ContextRankingTests {
    let ranker = RelevanceRanker()

    @Test("a document using the task's words ranks above one that does not")
    func taskWordsRankHigher() {
        let ranked = ranker.rank(
            task: "Build the demand forecast model",
            documents: [
                ContextDocument(path: "docs/style.md", text: "Dashboard colours, fonts and spacing."),
                ContextDocument(path: "docs/notes.md", text: "The forecast model predicts weekly demand."),
            ])
        #expect(ranked.map(\.document.path) == ["docs/notes.md", "docs/style.md"])
        #expect(ranked[0].score > 0)
        #expect(ranked[1].score == 0)
    }

    @Test("words of the path count, so a file named after the task ranks first")
    func pathWordsCount() {
        let ranked = ranker.rank(
            task: "fix the forecast",
            documents: [
                ContextDocument(path: "src/dashboard.py", text: "import pandas"),
                ContextDocument(path: "src/forecast.py", text: "import pandas"),
            ])
        #expect(ranked.map(\.document.path) == ["src/forecast.py", "src/dashboard.py"])
        #expect(ranked[0].score > 0)
    }

    @Test("camelCase and snake_case path names match the task's words")
    func identifierPathsMatch() {
        let ranked = ranker.rank(
            task: "demand forecast model",
            documents: [
                ContextDocument(path: "Sources/Report.swift", text: ""),
                ContextDocument(path: "Sources/ForecastModel.swift", text: ""),
                ContextDocument(path: "lib/demand_data.rb", text: ""),
            ])
        #expect(
            ranked.map(\.document.path) == [
                "Sources/ForecastModel.swift", "lib/demand_data.rb", "Sources/Report.swift",
            ])
    }

    @Test("more mentions of a rarer word score higher")
    func frequencyAndRarity() {
        let ranked = ranker.rank(
            task: "seasonal forecast",
            documents: [
                ContextDocument(path: "a.md", text: "forecast forecast forecast"),
                ContextDocument(path: "b.md", text: "seasonal seasonal seasonal"),
                ContextDocument(path: "c.md", text: "forecast once"),
                ContextDocument(path: "d.md", text: "forecast twice forecast"),
            ])
        // "seasonal" is in one document, "forecast" in three: the rare word weighs more.
        #expect(ranked.first?.document.path == "b.md")
        #expect(ranked.map(\.document.path).suffix(3) == ["a.md", "d.md", "c.md"])
    }

    @Test(
        "equal scores are ordered by path, whatever the input order",
        arguments: [["b.md", "a.md", "c.md"], ["c.md", "b.md", "a.md"], ["a.md", "c.md", "b.md"]])
    func deterministicTies(paths: [String]) {
        let documents = paths.map { ContextDocument(path: $0, text: "the same forecast text") }
        let ranked = ranker.rank(task: "forecast", documents: documents)
        #expect(ranked.map(\.document.path) == ["a.md", "b.md", "c.md"])
        #expect(Set(ranked.map(\.score)).count == 1)
    }

    @Test(
        "words are lowercased, split at camelCase and punctuation, plurals folded, function words dropped",
        arguments: [
            ("Build the Demand-Forecasting model", ["build", "demand", "forecasting", "model"]),
            ("ForecastModel.swift", ["forecast", "model", "swift"]),
            ("src/demand_data/forecasts.py", ["src", "demand", "data", "forecast", "py"]),
            ("class status analysis dashboards", ["class", "status", "analysis", "dashboard"]),
            ("a b c 42 x1", ["42", "x1"]),
        ])
    func tokenizer(text: String, words: [String]) {
        #expect(WordTokenizer.words(text) == words)
    }
}

@Suite("Word tokenizer")
struct WordTokenizerTests {
    @Test("ASCII text read as bytes gives exactly the words the scalar path gives")
    func asciiMatchesScalars() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aAbBsSuUiIzZ09 _-.\n\tthe is classes status analysis getHTTPResponse parseJSON2Yaml")
        var samples = [
            "", "a", "is", "The classes of analysis are statuses", "getHTTPResponseCode parseJSON2Yaml x1 y22",
            "bus buses kiss kisses iris irises glass", "snake_case kebab-case dotted.name CamelCase",
        ]
        for _ in 0..<500 {
            samples.append(
                String(
                    (0..<Int.random(in: 0..<60, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
        }
        for sample in samples {
            #expect(WordTokenizer.asciiWords(sample) == WordTokenizer.scalarWords(sample), "\(sample)")
        }
        #expect(WordTokenizer.asciiWords("café") == nil)
        #expect(WordTokenizer.words("café Menü getItems") == WordTokenizer.scalarWords("café Menü getItems"))
    }
}
