import Foundation
import JSON
import Testing

@testable import Tools

@Suite("linter tool")
struct LinterToolTests {
    /// A linter that prints a `file:line:col: message` line for every path it is given (after `--`).
    static let lineLinter = [
        "python3", "-c",
        "import sys, os\nfor p in sys.argv[sys.argv.index('--') + 1:]:\n"
            + "    print(f'{os.path.abspath(p)}:2:5: E501 line too long')\nsys.exit(1)",
    ]

    /// A linter that writes SARIF naming the first path (after `--`).
    static let sarifLinter = [
        "python3", "-c",
        """
        import json, sys
        print(json.dumps({"version": "2.1.0", "runs": [{"results": [{"ruleId": "S1", "level": "error",
          "message": {"text": "bad"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": sys.argv[2]},
          "region": {"startLine": 9}}}]}]}]}))
        """,
    ]

    static let configuration = ToolConfiguration(linters: ["lines": lineLinter, "sarif": sarifLinter])

    @Test("run lints paths with each configured linter and parses lines and SARIF")
    func runAll() async throws {
        try await withFixture(Self.configuration) { fixture in
            try fixture.write("x = 1\n", to: "src/a.py")
            let output = try await fixture.call("linter__run", ["paths": ["src/a.py"]])
            #expect(
                output.result["findings"]
                    == [
                        [
                            "file": "src/a.py", "line": 2, "column": 5, "message": "line too long", "rule": "E501",
                            "severity": "warning", "linter": "lines",
                        ],
                        [
                            "file": "src/a.py", "line": 9, "message": "bad", "rule": "S1", "severity": "error",
                            "linter": "sarif",
                        ],
                    ])
            #expect(output.result["runs"]?[0]?["exit_code"] == 1)
            #expect(output.result["finding_count"] == 2)
        }
    }

    @Test("one linter can be chosen; the whole working copy is the default path")
    func chooseLinter() async throws {
        try await withFixture(Self.configuration) { fixture in
            let output = try await fixture.call("linter__run", ["linter": "lines"])
            #expect(output.result["findings"]?[0]?["file"] == ".")
            #expect(output.result["runs"]?.arrayValue?.count == 1)
            let listed = try await fixture.call("linter__list", [:])
            #expect(listed.result["linters"]?.arrayValue?.map { $0["name"] } == ["lines", "sarif"])
        }
    }

    /// A linter that, like ruff, takes `--output-file=PATH` and `--config=PATH` anywhere on its command line,
    /// and prints the arguments it was given.
    static let optionLinter = [
        "python3", "-c",
        """
        import sys
        for argument in sys.argv[1:]:
            if argument == "--":
                break
            if argument.startswith("--output-file="):
                open(argument.split("=", 1)[1], "w").write("written by the linter")
        print("argv:", " ".join(sys.argv[1:]), file=sys.stderr)
        """,
    ]

    @Test(
        "a path that would be read as an option is refused, and paths are passed after '--'",
        arguments: ["--output-file=OUTSIDE/report", "--config=OUTSIDE/ruff.toml", "-o", "./--output-file=OUTSIDE/x"])
    func optionInjection(path: String) async throws {
        try await withFixture(ToolConfiguration(linters: ["ruff-like": Self.optionLinter])) { fixture in
            let path = path.replacing("OUTSIDE", with: fixture.outside)
            let error = await fixture.failure("linter__run", ["paths": [.string(path)]])
            let shown = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            #expect(
                error?.description
                    == "not allowed: the path '\(shown)' starts with '-', so a linter would read it as an option; "
                    + "lint the folder that holds it instead")
            #expect(!FileManager.default.fileExists(atPath: fixture.outside + "/report"), "the linter wrote outside")
            try fixture.write("x = 1\n", to: "a.py")
            let output = try await fixture.call("linter__run", ["paths": ["a.py"]])
            #expect(output.result["runs"]?[0]?["stderr"] == "argv: -- a.py\n")
        }
    }

    @Test("an unconfigured linter, an escaping path and no linters at all are refused")
    func refusals() async throws {
        try await withFixture(Self.configuration) { fixture in
            let unknown = await fixture.failure("linter__run", ["linter": "rm"])
            #expect(!(unknown?.violations.isEmpty ?? true), "the schema lists the configured linters")
            let direct = LinterTool(configuration: Self.configuration)
            do throws(ToolError) {
                _ = try await direct.perform("run", arguments: ["linter": "rm"], context: fixture.context)
                Issue.record("an unconfigured linter ran")
            } catch {
                #expect(error == .notAllowed("linter 'rm' is not configured; available: lines, sarif"))
            }
            #expect(await fixture.failure("linter__run", ["paths": ["../outside"]])?.isEscape("../outside") == true)
        }
        let none = LinterTool(configuration: ToolConfiguration(linters: ["empty": []]))
        do throws(ToolError) {
            _ = try await none.perform("run", arguments: [:], context: ToolContext(workingCopy: "/tmp", agentID: "t"))
            Issue.record("ran without linters")
        } catch {
            guard case .unavailable = error else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
        }
    }
}
