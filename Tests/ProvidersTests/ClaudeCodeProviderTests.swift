import Foundation
import JSON
import Model
import Providers
import Testing

@Suite("claude-code provider against a fake claude")
struct ClaudeCodeProviderTests {
    @Test(
        "a successful run gives the result text, the tool calls, usage once per message and the exact cost",
        arguments: ["0", "7"])
    func success(chunk: String) async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let log = ClaudeCodeEventLog()
        let turn = try await fake.provider(fixture: "success.jsonl", settings: ["CHUNK": chunk]).complete(
            fake.request(tools: ["file_system__write"])
        ) { await log.append($0) }

        #expect(turn.text == "Wrote plan.md with the plan.")
        #expect(turn.stopReason == .endTurn)
        #expect(turn.toolsRunByProvider)
        #expect(turn.toolUses.map(\.id) == ["toolu_write"])
        #expect(turn.toolUses.first?.input["file_path"] == "/tmp/work/plan.md")
        #expect(turn.reportedCostUSD == Decimal(string: "0.123456789012345678"))
        #expect(turn.calls.map(\.messageID) == ["msg_01", "msg_02"])
        #expect(turn.usage == TokenUsage(input: 120, output: 52, cacheCreation: 2000, cacheRead: 2000))
        #expect(
            await log.events == [
                .messageStarted(id: "msg_01", model: "claude-sonnet-4-5-20250929"),
                .textDelta("I will write the plan."),
                .toolUse(
                    id: "toolu_write", name: "Write",
                    input: ["file_path": "/tmp/work/plan.md", "content": "# Plan\n"], parentToolUseID: nil),
                .toolResult(toolUseID: "toolu_write", isError: false),
                .messageStarted(id: "msg_02", model: "claude-sonnet-4-5-20250929"),
                .textDelta("The plan is in plan.md."),
            ])
    }

    @Test("the command line has the prompt, stream-json flags, turns, tool rules, system prompt; cwd = working copy")
    func commandLine() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        _ = try await fake.provider(fixture: "success.jsonl").complete(
            fake.request(
                prompt: "Write the plan.",
                tools: ["file_system__read", "file_system__write", "git__status", "git__commit", "git__push"],
                system: ["You are the planner.", "Follow the skill."], maxTurns: 7)
        ) { _ in }

        let record = try fake.record()
        #expect(Array(record.argv.prefix(2)) == ["-p", "Write the plan."])
        #expect(record.value(after: "--output-format") == "stream-json")
        #expect(record.argv.contains("--verbose"))
        #expect(record.value(after: "--max-turns") == "7")
        #expect(
            record.value(after: "--allowedTools")
                == "Read,Write,Edit,Glob,Grep,LS,Bash(git status:*),Bash(git commit:*)")
        #expect(record.value(after: "--append-system-prompt") == "You are the planner.\n\nFollow the skill.")
        #expect(record.value(after: "--permission-mode") == "acceptEdits")
        #expect(!record.argv.contains("--model"))
        #expect(!record.argv.contains("--max-budget-usd"))
        #expect(record.cwd == fake.workingDirectory.resolvingSymlinksInPath().path)
        #expect(record.stdin.isEmpty)
    }

    @Test("a model and a budget become --model and --max-budget-usd; no tools, no tool rules")
    func modelAndBudget() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        _ = try await fake.provider(fixture: "success.jsonl").complete(
            fake.request(model: "claude-opus-4-1", maxBudgetUSD: Decimal(string: "2.50"))
        ) { _ in }

        let record = try fake.record()
        #expect(record.value(after: "--model") == "claude-opus-4-1")
        #expect(record.value(after: "--max-budget-usd") == "2.5")
        #expect(!record.argv.contains("--allowedTools"))
        #expect(!record.argv.contains("--permission-mode"))
    }

    @Test("a prompt too long for one argument, or one that reads as an option, goes through stdin")
    func promptThroughStandardInput() async throws {
        for prompt in [String(repeating: "requirement ", count: 12_000), "- write the plan"] {
            let fake = try ClaudeCodeFakeCLI()
            defer { fake.removeFiles() }
            _ = try await fake.provider(fixture: "success.jsonl").complete(fake.request(prompt: prompt)) { _ in }

            let record = try fake.record()
            #expect(Array(record.argv.prefix(2)) == ["-p", "--output-format"])
            #expect(record.stdin == prompt)
        }
    }

    @Test("error_max_turns ends the turn with stop reason maxTurns, usage and cost kept")
    func maxTurns() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let turn = try await fake.provider(fixture: "max-turns.jsonl").complete(fake.request()) { _ in }

        #expect(turn.stopReason == .maxTurns)
        #expect(turn.usage == TokenUsage(input: 50, output: 30))
        #expect(turn.reportedCostUSD == Decimal(string: "0.0042"))
        #expect(turn.toolUses.map(\.name) == ["Read"])
    }

    @Test("a failed API call reported as success with is_error is a failed turn with the CLI's message")
    func apiErrorResult() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let turn = try await fake.provider(fixture: "api-error.jsonl").complete(fake.request()) { _ in }

        guard case .failed(let message) = turn.stopReason else {
            Issue.record("expected a failed turn, got \(turn.stopReason)")
            return
        }
        #expect(message.hasPrefix("success: API Error: 529"))
        #expect(turn.calls.isEmpty)
        #expect(turn.reportedCostUSD == 0)
    }

    @Test("unknown event types and lines that are not JSON objects are skipped when a result comes")
    func unknownEventsIgnored() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let log = ClaudeCodeEventLog()
        let turn = try await fake.provider(fixture: "unknown-events.jsonl").complete(fake.request()) {
            await log.append($0)
        }

        #expect(turn.text == "Done.")
        #expect(turn.stopReason == .endTurn)
        #expect(turn.calls.map(\.messageID) == ["msg_u1"])
        #expect(turn.usage == TokenUsage(input: 8, output: 3))
        #expect(turn.reportedCostUSD == Decimal(string: "0.000015"))
        #expect(await log.events == [.messageStarted(id: "msg_u1", model: "claude-haiku-4-5"), .textDelta("Done.")])
    }

    @Test("a subagent's messages and tool calls carry their parent tool use id; unstreamed usage is added per model")
    func subagent() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let log = ClaudeCodeEventLog()
        let turn = try await fake.provider(fixture: "subagent.jsonl").complete(fake.request()) { await log.append($0) }

        let events = await log.events
        #expect(
            events.contains(
                .toolUse(
                    id: "toolu_sub_read", name: "Read", input: ["file_path": "/tmp/work/data/sales.csv"],
                    parentToolUseID: "toolu_task")))
        #expect(events.contains(.toolResult(toolUseID: "toolu_sub_read", isError: false)))
        // The subagent's prose is not the agent's text.
        #expect(!events.contains(.textDelta("Looking at the data folder.")))
        #expect(turn.text == "The data is sales.csv.")

        #expect(
            turn.calls.map(\.messageID) == ["msg_s1", "msg_sub1", "msg_s2", "sess-sub/unstreamed/claude-haiku-4-5"])
        #expect(turn.calls.map(\.parentToolUseID) == [nil, "toolu_task", nil, nil])
        #expect(turn.calls.last?.usage == TokenUsage(input: 200, output: 10))
        // The result's modelUsage is the total: sonnet 110/30 plus haiku 215/19.
        #expect(turn.usage == TokenUsage(input: 325, output: 49))
    }

    @Test("a message id repeated across lines is charged once")
    func repeatedMessageChargedOnce() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let turn = try await fake.provider(fixture: "success.jsonl").complete(fake.request()) { _ in }

        let first = turn.calls.filter { $0.messageID == "msg_01" }
        #expect(first.count == 1)
        #expect(first.first?.usage == TokenUsage(input: 100, output: 40, cacheCreation: 2000))
    }
}
