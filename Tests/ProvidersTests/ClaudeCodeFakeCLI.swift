import Foundation
import Model
import Providers

/// The fake `claude` (a python3 script) and its recorded stream-json fixtures, found beside this file.
struct ClaudeCodeFakeCLI {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/claude-code")
    static let executable = fixtures.appendingPathComponent("fake-claude").path

    /// How the fake was run, as it recorded it.
    struct Record: Decodable {
        var argv: [String]
        var cwd: String
        var pid: Int32
        var stdin: String

        /// The value after `flag`, if the flag is there.
        func value(after flag: String) -> String? {
            guard let index = argv.firstIndex(of: flag), index + 1 < argv.count else { return nil }
            return argv[index + 1]
        }
    }

    /// A fresh working directory for one test, and the file the fake records into.
    let workingDirectory: URL
    let recordFile: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("claude-code-\(UUID().uuidString)")
        workingDirectory = base.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        recordFile = base.appendingPathComponent("record.json")
    }

    /// A provider that runs the fake on `fixture` with the fake's other settings (`FAKE_CLAUDE_*` without prefix).
    func provider(
        fixture: String?, settings: [String: String] = [:], timeout: Duration? = .seconds(60)
    ) -> ClaudeCodeProvider {
        var environment = ["FAKE_CLAUDE_RECORD": recordFile.path]
        if let fixture { environment["FAKE_CLAUDE_FIXTURE"] = Self.fixtures.appendingPathComponent(fixture).path }
        for (key, value) in settings { environment["FAKE_CLAUDE_\(key)"] = value }
        return ClaudeCodeProvider(
            configuration: ClaudeCodeConfiguration(
                executable: Self.executable, runTimeout: timeout, terminationGracePeriod: .seconds(5),
                environment: environment))
    }

    /// A request working in this test's directory.
    func request(
        prompt: String = "Write the plan.", tools: [String] = [], system: [String] = ["You are the planner."],
        model: String? = nil, maxTurns: Int = 7, maxBudgetUSD: Decimal? = nil
    ) -> ModelRequest {
        ModelRequest(
            model: model, system: system.map { SystemSection($0) }, messages: [.user(prompt)],
            tools: tools.map { ToolDefinition(name: $0, description: $0, inputSchema: ["type": "object"]) },
            workingDirectory: workingDirectory.path, maxTurns: maxTurns, maxBudgetUSD: maxBudgetUSD,
            brief: TaskBrief(
                workflowID: "wf-1", phase: .planning, agentID: "planner", projectName: "Demo",
                requirements: ["plan it"], artifactPaths: ["plan.md"]))
    }

    /// What the fake recorded.
    func record() throws -> Record {
        try JSONDecoder().decode(Record.self, from: Data(contentsOf: recordFile))
    }

    func removeFiles() {
        try? FileManager.default.removeItem(at: workingDirectory.deletingLastPathComponent())
    }
}

/// Collects the events a provider reports, in order.
actor ClaudeCodeEventLog {
    private(set) var events: [ModelStreamEvent] = []

    func append(_ event: ModelStreamEvent) { events.append(event) }
}
