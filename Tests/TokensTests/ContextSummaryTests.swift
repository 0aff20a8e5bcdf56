import Testing
import Tokens

@Suite("Context: document summaries")
struct ContextSummaryTests {
    let summarizer = DocumentSummarizer(maxTokens: 200)

    @Test("Markdown: headings and the first sentence under each, outside front matter and code fences")
    func markdown() {
        let text = """
            ---
            title: Forecasting
            ---
            Intro sentence one. Intro sentence two.

            # Demand forecast

            The model predicts weekly demand! It uses sales.
            Second line of the paragraph.

            Another paragraph, not included.

            ```python
            # not a heading
            ```

            ## Inputs
            | table | row |

            Sales by store and day? Yes.
            #hashtag is not a heading either.

            ### Empty section
            ## Outputs
              A forecast per store, with intervals
            spread over two lines
            """
        let summary = summarizer.summarize(ContextDocument(path: "docs/Forecast.MD", text: text))
        #expect(summary.kind == .markdown)
        #expect(!summary.truncated)
        #expect(
            summary.lines == [
                "Intro sentence one.",
                "# Demand forecast",
                "The model predicts weekly demand!",
                "## Inputs",
                "Sales by store and day?",
                "### Empty section",
                "## Outputs",
                "A forecast per store, with intervals spread over two lines",
            ])
    }

    @Test("Python: module docstring, top-level defs and classes, methods, docstrings and heading comments")
    func python() {
        let text = #"""
            #!/usr/bin/env python3
            """Demand forecasting for the analytics platform.

            More detail here.
            """
            import pandas as pd

            # Loads the sales table.
            # Second comment line.
            def load(path: str) -> pd.DataFrame:
                """Read sales from a CSV file."""
                def helper():
                    return 1
                return pd.read_csv(path)


            TEMPLATE = """
            def not_a_function():
            """

            @dataclass
            class Forecaster:
                '''
                Fits and predicts demand.
                '''

                horizon: int = 7

                def fit(self,
                        data):
                    """Fit the model."""
                    pass

                async def predict(self):
                    pass

                    def inner(self):
                        pass


            async def main():
                pass
            """#
        let summary = summarizer.summarize(ContextDocument(path: "src/forecast.py", text: text))
        #expect(summary.kind == .python)
        #expect(
            summary.lines == [
                "\"\"\"Demand forecasting for the analytics platform.\"\"\"",
                "# Loads the sales table.",
                "def load(path: str) -> pd.DataFrame:",
                "    \"\"\"Read sales from a CSV file.\"\"\"",
                "class Forecaster:",
                "    \"\"\"Fits and predicts demand.\"\"\"",
                "    def fit(self, data):",
                "        \"\"\"Fit the model.\"\"\"",
                "    async def predict(self):",
                "async def main():",
            ])
    }

    @Test("other code: declarations at the top level and one level in, with the comment heading each")
    func swiftCode() {
        let text = """
            import Foundation

            /// Fits documents into a prompt.
            /// More words.
            public struct Fitter: Sendable {
                let limit: Int

                init(limit: Int) {
                    self.limit = limit
                }

                /// Fits them.
                @inlinable public func fit(_ items: [Int]) -> [Int] {
                    func nested() {}
                    return items
                }
            }

            #if os(Linux)
            extension Fitter {
            }
            #endif

            // MARK: - Helpers
            enum Shape<T> { case a }
            """
        let summary = summarizer.summarize(ContextDocument(path: "Sources/Fitter.swift", text: text))
        #expect(summary.kind == .code)
        #expect(
            summary.lines == [
                "/// Fits documents into a prompt.",
                "public struct Fitter: Sendable",
                "    init(limit: Int)",
                "    /// Fits them.",
                "    @inlinable public func fit(_ items: [Int]) -> [Int]",
                "extension Fitter",
                "// MARK: - Helpers",
                "enum Shape<T> { case a }",
            ])
    }

    @Test("other text: its first non-blank lines")
    func plainText() {
        let summary = summarizer.summarize(ContextDocument(path: "intake.yaml", text: "project:\n\n  name: x\n"))
        #expect(summary.kind == .text)
        #expect(summary.lines == ["project:", "  name: x"])
    }

    @Test("an outline stops before the line that would pass the token cap")
    func capped() {
        let small = DocumentSummarizer(maxTokens: 20)
        let text = (1...30).map { "# Section number \($0)\n\nBody of section \($0)." }.joined(separator: "\n\n")
        let summary = small.summarize(ContextDocument(path: "long.md", text: text))
        #expect(summary.truncated)
        #expect(ApproximateTokens.count(summary.text) <= 20)
        #expect(ApproximateTokens.count(summary.text + "\n# Section number 3") > 20)
        #expect(summary.lines.first == "# Section number 1")
    }

    @Test("a single line longer than the cap is cut to fit")
    func longFirstLine() {
        let small = DocumentSummarizer(maxTokens: 10)
        let summary = small.summarize(ContextDocument(path: "data.txt", text: String(repeating: "x", count: 500)))
        #expect(summary.truncated)
        #expect(summary.lines.count == 1)
        #expect(summary.text.hasSuffix("…"))
        #expect(ApproximateTokens.count(summary.text) == 10)
    }

    @Test(
        "the kind comes from the path's extension",
        arguments: [
            ("README.md", DocumentKind.markdown), ("docs/a.markdown", .markdown), ("src/x.py", .python),
            ("a/b.pyi", .python), ("Sources/A.swift", .code), ("web/app.tsx", .code), ("main.go", .code),
            ("config.yaml", .text), ("Makefile", .text), (".gitignore", .text), ("dir.md/file", .text),
        ])
    func kinds(path: String, kind: DocumentKind) {
        #expect(DocumentKind(path: path) == kind)
    }
}
