import Testing

@testable import Governance

/// One file's content against its extension: nil when it holds what the extension says, else the start of the reason.
struct ContentCase: CustomTestStringConvertible, Sendable {
    var path: String
    var content: String
    var problem: String?

    var testDescription: String { "\(path): \(problem ?? "fine")" }
}

let contentCases: [ContentCase] = [
    ContentCase(path: "docs/flow.svg", content: "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n"),
    ContentCase(
        path: "docs/flow.SVG",
        content: "\u{FEFF}<?xml version=\"1.0\"?>\n<!-- drawn -->\n<!DOCTYPE svg>\n<svg viewBox=\"0 0 1 1\"/>\n"),
    ContentCase(
        path: "docs/diagrams/flow.svg", content: "# Flow\n\nobservations → store\n",
        problem: "docs/diagrams/flow.svg is not SVG: its first element is not <svg> (it starts with \"# Flow\")"),
    ContentCase(
        path: "a.svg", content: "<svg width=\"1\">", problem: "a.svg is not SVG: the <svg> element is never closed"),
    ContentCase(path: "a.svg", content: "<html><svg></svg></html>", problem: "a.svg is not SVG: its first element"),
    ContentCase(path: "a.svg", content: "", problem: "a.svg is not SVG: it is empty"),
    ContentCase(path: "data/a.json", content: "{\"a\": [1, 2]}\n"),
    ContentCase(path: "data/a.json", content: "# Not JSON\n", problem: "data/a.json is not JSON: "),
    ContentCase(path: "data/a.json", content: "  \n", problem: "data/a.json is not JSON: it is empty"),
    ContentCase(path: "conf/a.yaml", content: "a: 1\nb: [x, y]\n"),
    ContentCase(path: "conf/a.yml", content: "a: [1, 2\n", problem: "conf/a.yml is not YAML: line "),
    ContentCase(path: "data/a.csv", content: "id,name\n1,\"Smith, J\"\n\n2,\"multi\nline\"\n"),
    ContentCase(
        path: "data/a.csv", content: "# Title\n\n- one, two\n- three\n",
        problem: "data/a.csv is not CSV: line 3 has 2 fields, the first record 1"),
    ContentCase(
        path: "data/a.csv", content: "id,name\n1,\"open\n",
        problem: "data/a.csv is not CSV: a quoted field opened on line 2"),
    ContentCase(path: "data/a.csv", content: "id\u{0}x\n", problem: "data/a.csv is not CSV: it is not UTF-8 text"),
    ContentCase(path: "notes.md", content: "\u{0}binary but not judged"),
]

@Suite("Artifact content check")
struct ArtifactContentCheckTests {
    @Test("a file's content is judged against its extension", arguments: contentCases)
    func contentMatchesExtension(_ item: ContentCase) {
        let problem = ArtifactContentCheck.problem(path: item.path, bytes: Array(item.content.utf8))
        if let expected = item.problem {
            #expect(problem?.hasPrefix(expected) == true, "got: \(problem ?? "nil")")
        } else {
            #expect(problem == nil)
        }
    }
}
