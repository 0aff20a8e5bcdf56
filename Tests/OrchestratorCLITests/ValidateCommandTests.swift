import Foundation
import TestSupport
import Testing

/// A hostile input, and the diagnostic code the CLI must answer it with.
struct BadInput: CustomTestStringConvertible, Sendable {
    var name: String
    var code: String
    var bytes: @Sendable () -> Data

    var testDescription: String { name }
}

let badInputs: [BadInput] = [
    BadInput(name: "empty file", code: "empty-file") { Data() },
    BadInput(name: "binary file", code: "binary-file") {
        Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
    },
    BadInput(name: "10 MB file", code: "file-too-large") {
        Data(
            ("project:\n  name: big\nrequirements:\n"
                + String(repeating: "  - \"a requirement line\"\n", count: 420_000)).utf8)
    },
    BadInput(name: "10,000-deep nesting", code: "nesting-too-deep") {
        Data(("project: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n").utf8)
    },
    BadInput(name: "alias bomb", code: "alias-expansion-limit") {
        var text = "project: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...20 {
            text +=
                "l\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        return Data(text.utf8)
    },
    BadInput(name: "duplicate keys", code: "duplicate-key") {
        Data(
            "project:\n  name: a\n  name: b\nrequirements: [x]\nphases: [planning, architecture, development, qa, documentation]\n"
                .utf8)
    },
    BadInput(name: "tabs for indentation", code: "tab-indentation") {
        Data("project:\n\tname: a\n".utf8)
    },
    BadInput(name: "multi-document stream", code: "multiple-documents") {
        Data(
            "skill:\n  id: a\n  version: \"1.0.0\"\n  triggers: [x]\n  methodology: [{step: s}]\n---\nskill:\n  id: b\n  version: \"1.0.0\"\n  triggers: [x]\n  methodology: [{step: s}]\n"
                .utf8)
    },
    BadInput(name: "invalid UTF-8", code: "invalid-encoding") {
        Data("project:\n  name: caf".utf8) + Data([0xE9, 0x0A])
    },
]

@Suite("orchestrator validate")
struct ValidateCommandTests {
    @Test("hostile input gets its diagnostic and exit code 1, never a crash or a hang", arguments: badInputs)
    func hostileInput(_ input: BadInput) throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("input.yaml")
        try input.bytes().write(to: file)
        let outcome = try CLIRunner.run(["validate", file.path], hangGuard: 20)
        #expect(!outcome.timedOut)
        #expect(outcome.status == 1, "stdout: \(outcome.stdout)\nstderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("[\(input.code)]"), "stdout: \(outcome.stdout.prefix(2000))")
    }

    @Test("the examples validate clean with exit code 0")
    func examplesClean() throws {
        let outcome = try CLIRunner.run(["validate", "examples/"])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("no problems"))
    }

    @Test("compiler-style output: file:line:col, the source line and a caret under the range")
    func compilerStyle() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("intake.yaml")
        try Data(
            "project:\n  name: \"🚀\"\n  clinet: acme\nrequirements: [x]\nphases: [planning, architecture, development, qa, documentation]\n"
                .utf8
        )
        .write(to: file)
        let outcome = try CLIRunner.run(["validate", "intake.yaml"], in: directory)
        #expect(outcome.status == 1)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines.first
                == "intake.yaml:3:3: error: unknown key 'clinet' in project; did you mean 'client'? [unknown-key]")
        #expect(lines.dropFirst().first == "      clinet: acme")
        #expect(lines.dropFirst(2).first == "      ^~~~~~")
    }

    @Test(
        "the caret sits under the range after wide characters and emoji, counted in display columns",
        arguments: [
            ("🚀", 2), ("日本", 4), ("✅", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2), ("🇯🇵", 2), ("é", 1), ("e\u{301}", 1),
            ("ｱ", 1), ("Ａ", 2),
        ] as [(String, Int)])
    func caretAfterWideCharacters(prefix: String, columns: Int) throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("intake.yaml")
        let text = "project: {name: \"\(prefix)\", clinet: acme}\nrequirements: [x]\nphases: [planning]\n"
        try Data(text.utf8).write(to: file)
        let outcome = try CLIRunner.run(["validate", "intake.yaml"], in: directory)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = try #require(lines.dropFirst().first)
        let caret = try #require(lines.dropFirst(2).first)
        #expect(source == "    project: {name: \"\(prefix)\", clinet: acme}")
        // `    project: {name: "` is 21 columns, then the text, then `", ` (3): `clinet` starts there.
        #expect(caret == String(repeating: " ", count: 21 + columns + 3) + "^~~~~~", "for \(prefix)")
    }

    @Test("--format json gives LSP-shaped diagnostics with the file's URI and UTF-16 positions")
    func jsonFormat() throws {
        let directory = try temporaryDirectory()
        let file = directory.appendingPathComponent("intake.yaml")
        try Data(
            "project: {name: \"🚀\", nmae: x}\nrequirements: [x]\nphases: [planning, architecture, development, qa, documentation]\n"
                .utf8
        )
        .write(to: file)
        let outcome = try CLIRunner.run(["validate", "--format", "json", file.path])
        #expect(outcome.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let files = try #require(object["files"] as? [[String: Any]])
        #expect((files.first?["uri"] as? String)?.hasPrefix("file:///") == true)
        let diagnostic = try #require((files.first?["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["code"] as? String == "unknown-key")
        #expect(diagnostic["source"] as? String == "orchestrator")
        #expect(diagnostic["severity"] as? Int == 1)
        let start = try #require((diagnostic["range"] as? [String: Any])?["start"] as? [String: Int])
        // `project: {name: "🚀", ` — 🚀 is two UTF-16 code units.
        #expect(start == ["line": 0, "character": 22])
    }

    @Test(
        "usage and I/O errors exit 2",
        arguments: [
            ["validate", "/nonexistent/file.yaml"], ["validate", "--format", "xml", "examples/"], ["validate"],
            ["no-such-command"],
        ])
    func usageErrors(_ arguments: [String]) throws {
        let outcome = try CLIRunner.run(arguments)
        #expect(outcome.status == 2, "\(outcome.stdout)\(outcome.stderr)")
        #expect(!outcome.stderr.isEmpty)
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let outcome = try CLIRunner.run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("orchestrator-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
