import Foundation
import Model
import Providers
import Testing

@Suite("claude-code provider when the process fails")
struct ClaudeCodeFailureTests {
    @Test(
        "a process that dies without a result line still reports the usage seen, once per message id, and why it died",
        arguments: [
            (["EXIT": "3", "STDERR": "boom: lost the connection\n"], "exit status 3"),
            (["SIGNAL": "9", "STDERR": "boom: lost the connection\n"], "killed by signal 9 (SIGKILL)"),
        ])
    func crashWithoutResult(settings: [String: String], status: String) async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let turn = try await fake.provider(fixture: "crash.jsonl", settings: settings).complete(fake.request()) { _ in }

        guard case .processFailed(let reported, let stderr) = turn.stopReason else {
            Issue.record("expected processFailed, got \(turn.stopReason)")
            return
        }
        #expect(reported == status)
        #expect(stderr.hasPrefix("boom: lost the connection"))
        #expect(stderr.hasSuffix("(1 stdout line was not stream-json)"))
        #expect(turn.calls.map(\.messageID) == ["msg_c1", "msg_c2"])
        #expect(turn.usage == TokenUsage(input: 310, output: 32, cacheCreation: 50, cacheRead: 2300))
        #expect(turn.reportedCostUSD == nil)
        #expect(turn.text == "Reading the intake.\n\nNow writing.")
        #expect(turn.toolUses.map(\.id) == ["toolu_c1"])
    }

    @Test("a process that fails before any model message throws processFailed with its status and stderr")
    func failureBeforeAnyMessage() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let provider = fake.provider(
            fixture: nil, settings: ["EXIT": "1", "STDERR": "Invalid API key · Please run /login\n"])
        await #expect(
            throws: ProviderError.processFailed(status: "exit status 1", stderr: "Invalid API key · Please run /login")
        ) {
            _ = try await provider.complete(fake.request()) { _ in }
        }
    }

    @Test("a run longer than the timeout is stopped; with nothing to charge it throws timeout")
    func timeoutWithoutMessages() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let provider = fake.provider(fixture: nil, settings: ["HANG": "1"], timeout: .milliseconds(300))
        await #expect(throws: ProviderError.timeout(seconds: 0.3)) {
            _ = try await provider.complete(fake.request()) { _ in }
        }
        // Under load the fake may be stopped before it wrote its record; when it did, it must be gone.
        if let record = try? fake.record() { try expectGone(record.pid) }
    }

    @Test("cancelling the task terminates the child process")
    func cancellationStopsProcess() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let provider = fake.provider(fixture: "hang.jsonl", settings: ["HANG": "1"], timeout: nil)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let request = fake.request()
        let task = Task {
            try await provider.complete(request) { event in
                if case .messageStarted = event { signal.yield() }
            }
        }
        for await _ in started { break }
        task.cancel()
        let outcome = await task.result
        #expect(throws: ProviderError.cancelled) { try outcome.get() }
        try expectGone(try fake.record().pid)
    }

    @Test("a missing executable is notConfigured and says how to install or point to claude")
    func missingExecutable() async throws {
        let fake = try ClaudeCodeFakeCLI()
        defer { fake.removeFiles() }
        let explicit = ClaudeCodeProvider(configuration: ClaudeCodeConfiguration(executable: "/nonexistent/claude"))
        await #expect {
            _ = try await explicit.complete(fake.request()) { _ in }
        } throws: { error in
            guard case ProviderError.notConfigured(let text) = error else { return false }
            return text.contains("/nonexistent/claude") && text.contains("npm install -g @anthropic-ai/claude-code")
        }
        let onPath = ClaudeCodeProvider(environment: ["PATH": fake.workingDirectory.path])
        await #expect {
            _ = try await onPath.complete(fake.request()) { _ in }
        } throws: { error in
            guard case ProviderError.notConfigured(let text) = error else { return false }
            return text.contains("no `claude` executable on PATH") && text.contains("ORCHESTRATOR_CLAUDE_EXECUTABLE")
        }
    }

    /// The process with this id no longer exists (the provider reaped it before returning).
    private func expectGone(_ pid: Int32) throws {
        errno = 0
        #expect(kill(pid, 0) == -1)
        #expect(errno == ESRCH)
    }
}
