import Foundation
import Testing

@testable import Providers

@Suite("claude-code building blocks")
struct ClaudeCodeParsingTests {
    @Test(
        "our tools map to Claude Code permission rules, only for the actions offered",
        arguments: [
            (["file_system__read", "file_system__list"], ["Read", "Glob", "Grep", "LS"], [String]()),
            (["file_system__write"], ["Read", "Write", "Edit"], []),
            (
                ["file_system__write", "file_system__read"], ["Read", "Write", "Edit", "Glob", "Grep", "LS"], []
            ),
            (["git__diff", "git__log", "git__push"], ["Bash(git diff:*)", "Bash(git log:*)"], ["git__push"]),
            (["python_executor__run"], ["Bash(python3:*)"], []),
            (["duckdb__query"], ["Bash(duckdb:*)"], []),
            (["linter__check"], ["Bash(ruff check:*)", "Bash(ruff format --check:*)", "Bash(flake8:*)"], []),
            (["visualization__chart"], ["Read", "Write", "Edit"], []),
            (["web_browser__open", "python_executor__run"], ["Bash(python3:*)"], ["web_browser__open"]),
        ])
    func toolMapping(names: [String], rules: [String], unmapped: [String]) {
        let mapping = ClaudeCodeToolMapping(toolNames: names)
        #expect(mapping.allowedTools == rules)
        #expect(mapping.unmappedTools == unmapped)
    }

    @Test("edits are allowed exactly when a write rule is")
    func allowsEdits() {
        #expect(ClaudeCodeToolMapping(toolNames: ["file_system__write"]).allowsEdits)
        #expect(!ClaudeCodeToolMapping(toolNames: ["file_system__read", "git__commit"]).allowsEdits)
    }

    @Test("lines split across reads are reassembled; CRLF and blank lines are handled; the last line needs no newline")
    func lineSplitting() {
        var splitter = StreamLineSplitter()
        var lines: [StreamLineSplitter.Piece] = []
        for chunk in ["{\"a\":", "1}\n{\"b\"", ":2}\r\n\n", "{\"c\":3}"] {
            lines += Array(chunk.utf8).withUnsafeBytes { splitter.append($0) }
        }
        if let last = splitter.finish() { lines.append(last) }
        #expect(lines == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"].map { .line(Array($0.utf8)) })
    }

    @Test("a line over the limit is dropped up to its newline and reported by size, without being buffered")
    func oversizedLine() {
        var splitter = StreamLineSplitter(maxLineBytes: 8)
        var pieces: [StreamLineSplitter.Piece] = []
        for chunk in ["0123456", "789abc", "def\nok\n"] {
            pieces += Array(chunk.utf8).withUnsafeBytes { splitter.append($0) }
        }
        #expect(pieces == [.oversized(16), .line(Array("ok".utf8))])
        #expect(splitter.finish() == nil)
    }

    @Test(
        "a top-level number member is read as written, so money is an exact Decimal",
        arguments: [
            (#"{"total_cost_usd":0.123456789012345678}"#, "0.123456789012345678"),
            (#"{"usage":{"total_cost_usd":9},"note":"\"total_cost_usd\":7","total_cost_usd":1.5e-05}"#, "1.5e-05"),
            (#"{ "a" : [1, {"b": "}"}], "total_cost_usd" : -0 }"#, "-0"),
        ])
    func exactNumber(json: String, literal: String) {
        #expect(JSONNumberLiteral.text(ofMember: "total_cost_usd", in: Array(json.utf8)) == literal)
        #expect(JSONNumberLiteral.decimal(member: "total_cost_usd", in: Array(json.utf8)) == Decimal(string: literal))
    }

    @Test("a missing, nested-only or non-number member gives nil")
    func noNumber() {
        for json in [#"{"usage":{"total_cost_usd":1}}"#, #"{"total_cost_usd":"1"}"#, #"[1]"#, #"{"#, ""] {
            #expect(JSONNumberLiteral.text(ofMember: "total_cost_usd", in: Array(json.utf8)) == nil, "\(json)")
        }
    }

    @Test("the executable is the explicit choice, then ORCHESTRATOR_CLAUDE_EXECUTABLE, then claude on PATH")
    func locatorOrder() throws {
        let fake = ClaudeCodeFakeCLI.executable
        let directory = ClaudeCodeFakeCLI.fixtures.path
        let variable = ClaudeExecutableLocator.environmentVariable
        #expect(try ClaudeExecutableLocator.locate(explicit: fake, environment: [variable: "/nowhere"]) == fake)
        #expect(try ClaudeExecutableLocator.locate(explicit: nil, environment: [variable: fake]) == fake)
        #expect(
            try ClaudeExecutableLocator.locate(explicit: "fake-claude", environment: ["PATH": "/nowhere:\(directory)/"])
                == fake)
        #expect(throws: ProviderError.self) {
            try ClaudeExecutableLocator.locate(explicit: nil, environment: ["PATH": directory])
        }
    }

    @Test("result subtypes map to stop reasons; unknown ones are kept")
    func stopReasons() {
        func result(_ subtype: String, isError: Bool = false, text: String? = nil) -> ClaudeStreamEvent.ResultLine {
            ClaudeStreamEvent.ResultLine(
                subtype: subtype, isError: isError, text: text, sessionID: nil, usage: nil, totalCostUSD: nil,
                modelUsage: [:], errors: [])
        }
        #expect(ClaudeStreamAccumulator.stopReason(of: result("success")) == .endTurn)
        #expect(ClaudeStreamAccumulator.stopReason(of: result("error_max_turns")) == .maxTurns)
        #expect(
            ClaudeStreamAccumulator.stopReason(of: result("error_max_budget_usd", isError: true)) == .budgetExceeded)
        #expect(
            ClaudeStreamAccumulator.stopReason(of: result("error_during_execution", isError: true))
                == .failed("error_during_execution"))
        #expect(ClaudeStreamAccumulator.stopReason(of: result("paused")) == .other("paused"))
    }
}
