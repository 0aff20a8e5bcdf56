import Config
import Editor
import Foundation
import Model
import TestSupport
import Testing

@Suite("Editor document symbols")
struct EditorDocumentSymbolTests {
    /// Every symbol's range holds its selection range and its children's ranges, as LSP requires.
    private func expectNested(_ symbols: [ConfigDocumentSymbol], in parent: SourceRange? = nil) {
        for symbol in symbols {
            #expect(symbol.range.start <= symbol.selectionRange.start, "\(symbol.name)")
            #expect(symbol.selectionRange.end.offset <= symbol.range.end.offset, "\(symbol.name)")
            if let parent {
                #expect(parent.start <= symbol.range.start && symbol.range.end.offset <= parent.end.offset)
            }
            expectNested(symbol.children, in: symbol.range)
        }
    }

    @Test("the analytics example's outline names every key with its kind and value")
    func analyticsExample() throws {
        let url = repositoryRoot.appendingPathComponent("examples/analytics/intake.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let symbols = ConfigDocument(text: text).documentSymbols()
        #expect(symbols.map(\.name) == ["project", "requirements", "phases", "constraints"])
        #expect(symbols.map(\.kind) == [.object, .array, .array, .object])

        let project = symbols[0]
        #expect(project.detail == "mapping")
        #expect(project.children.map(\.name) == ["name", "client"])
        #expect(project.children.map(\.detail) == ["Customer Analytics Platform", "acme-corp"])
        #expect(project.selectionRange.start.line == 1)
        #expect(project.range.start.line == 1 && project.range.end.line == 3)

        let requirements = symbols[1]
        #expect(requirements.detail == "list · 3 items")
        #expect(requirements.children.map(\.name) == ["[0]", "[1]", "[2]"])
        #expect(requirements.children.first?.detail == "Build demand forecasting model")
        #expect(requirements.children.first?.range.start.utf8Column == 2)

        let phases = symbols[2]
        #expect(phases.children.count == 6)
        #expect(phases.children.last?.detail == "documentation")
        #expect(phases.children.allSatisfy { $0.kind == .string })

        let constraints = symbols[3]
        #expect(constraints.children.map(\.name) == ["timeline", "budget_tokens"])
        #expect(constraints.children.map(\.kind) == [.string, .number])
        expectNested(symbols)
    }

    @Test("list items are named by their id, step or gate field")
    func itemNames() throws {
        let marked = MarkedText(
            """
            agent:
              id: developer
              subagents:
                1️⃣- id: 2️⃣developer.frontend3️⃣
                  tools: [git]4️⃣
                - description: no id here
              phases:
            """)
        let symbols = ConfigDocument(text: marked.text).documentSymbols()
        let agent = try #require(symbols.first)
        let subagents = try #require(agent.children.first { $0.name == "subagents" })
        #expect(subagents.children.map(\.name) == ["developer.frontend", "[1]"])
        let first = subagents.children[0]
        #expect(first.kind == .object)
        #expect(first.range.start.offset == marked["1️⃣"])
        #expect(first.range.end.offset == marked["4️⃣"])
        #expect(first.selectionRange.start.offset == marked["2️⃣"])
        #expect(first.selectionRange.end.offset == marked["3️⃣"])
        #expect(agent.children.last?.kind == .key)
        #expect(agent.children.last?.detail == nil)
        expectNested(symbols)
    }

    @Test("text that does not parse still gets an outline from its indentation")
    func brokenOutline() throws {
        let marked = MarkedText(
            """
            policy:
              id: acme
              description: |
                Owner: platform team
                - reviewed yearly
              gates:
                1️⃣- id: 2️⃣coverage3️⃣
                  type: metric
                  threshold: 804️⃣
                - gate: second
              waivers: [
            """)
        let document = ConfigDocument(text: marked.text)
        #expect(document.root == nil)
        let symbols = document.documentSymbols()
        let policy = try #require(symbols.first)
        #expect(symbols.map(\.name) == ["policy"])
        #expect(policy.kind == .object)
        #expect(policy.children.map(\.name) == ["id", "description", "gates", "waivers"])
        #expect(policy.children[1].kind == .string && policy.children[1].children.isEmpty)
        let gates = policy.children[2]
        #expect(gates.kind == .array)
        #expect(gates.children.map(\.name) == ["coverage", "second"])
        let coverage = gates.children[0]
        #expect(coverage.range.start.offset == marked["1️⃣"])
        #expect(coverage.range.end.offset == marked["4️⃣"])
        #expect(coverage.selectionRange.start.offset == marked["2️⃣"])
        #expect(coverage.selectionRange.end.offset == marked["3️⃣"])
        #expect(coverage.children.map(\.kind) == [.string, .string, .number])
        #expect(gates.detail == "list · 2 items")
        #expect(policy.children[3].kind == .array)
        expectNested(symbols)
    }
}
