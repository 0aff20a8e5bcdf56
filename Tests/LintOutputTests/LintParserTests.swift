import JSON
import Testing

@testable import LintOutput

@Suite("Lint output parsers")
struct LintParserTests {
    @Test("ruff's SARIF becomes findings with file, position, rule, level and message")
    func ruffSARIF() throws {
        let findings = try SARIFParser.findings(inJSON: SARIFSamples.ruff)
        #expect(findings.count == 4)
        #expect(
            findings[1]
                == LintFinding(
                    file: "/tmp/rf/bad.py", line: 1, column: 8, message: "`os` imported but unused", rule: "F401",
                    severity: .error))
        #expect(findings.map(\.rule) == ["I001", "F401", "F401", "F821"])
        #expect(findings[3].line == 5 && findings[3].column == 12)
    }

    @Test("rule defaults, message strings, artifact indexes and escaped URIs are resolved; passes are skipped")
    func sarifFeatures() throws {
        let findings = try SARIFParser.findings(inJSON: SARIFSamples.features)
        #expect(
            findings == [
                LintFinding(
                    file: "src/my file.py", line: 3, message: "'list' shadows 'builtins.list'", rule: "DEMO1",
                    severity: .note),
                LintFinding(file: "", line: 0, message: "no location", rule: "X2", severity: .warning),
            ])
    }

    @Test(
        "documents that are not SARIF 2.1.0 are refused with a reason",
        arguments: [
            ("{\"version\": \"1.0.0\", \"runs\": []}", "SARIF version 1.0.0 is not supported (expected 2.1.0)"),
            ("{\"version\": \"2.1.0\"}", "not a SARIF log: it has no 'runs' array"),
        ])
    func notSARIF(text: String, message: String) {
        #expect(throws: LintParseError(message)) { try SARIFParser.findings(inJSON: text) }
    }

    @Test("the finding's JSON form has column and rule only when known")
    func findingJSON() {
        #expect(
            LintFinding(file: "a.py", line: 2, message: "m").json
                == ["file": "a.py", "line": 2, "message": "m", "severity": "warning"])
        #expect(LintFinding(file: "a.py", line: 2, column: 4, message: "m", rule: "R").json["column"] == 4)
    }

    static let lines: [(String, LintFinding?)] = [
        (
            "bad.py:1:1: 'os' imported but unused",
            LintFinding(file: "bad.py", line: 1, column: 1, message: "'os' imported but unused")
        ),
        (
            "bad.py:1:8: F401 [*] `os` imported but unused",
            LintFinding(file: "bad.py", line: 1, column: 8, message: "`os` imported but unused", rule: "F401")
        ),
        (
            "src/m.py:12: error: Name \"x\" is not defined  [name-defined]",
            LintFinding(
                file: "src/m.py", line: 12, message: "Name \"x\" is not defined", rule: "name-defined", severity: .error
            )
        ),
        (
            "pkg/a.py:3:0: C0114: Missing module docstring (missing-module-docstring)",
            LintFinding(
                file: "pkg/a.py", line: 3, column: 0, message: "Missing module docstring (missing-module-docstring)",
                rule: "C0114")
        ),
        (
            "main.c:4:5: warning: unused variable 'x' [-Wunused-variable]",
            LintFinding(file: "main.c", line: 4, column: 5, message: "unused variable 'x'", rule: "-Wunused-variable")
        ),
        ("a:b.py:7: note: see here", LintFinding(file: "a:b.py", line: 7, message: "see here", severity: .note)),
        ("Found 4 errors.", nil),
        ("[*] 3 fixable with `--fix`.", nil),
        ("file.py:0: nothing", nil),
        ("file.py:3:", nil),
    ]

    @Test("file:line[:col]: message lines are read; other lines are skipped", arguments: lines)
    func lineFormat(line: String, expected: LintFinding?) {
        #expect(LintLineParser.finding(in: line[...]) == expected)
    }

    @Test("a whole output keeps only the finding lines")
    func wholeOutput() {
        let text = "bad.py:1:1: one\nFound 1 error.\r\nbad.py:2:3: two\n"
        #expect(LintLineParser.findings(in: text).map(\.line) == [1, 2])
    }
}
