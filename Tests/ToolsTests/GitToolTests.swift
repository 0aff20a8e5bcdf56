import Foundation
import JSON
import Testing

@testable import Tools

@Suite("git tool")
struct GitToolTests {
    /// Git's global configuration is the user's; with none, the tool's fallback identity is used.
    static func stdout(_ output: ToolOutput) -> String { output.result["stdout"]?.stringValue ?? "" }

    @Test("init, add, commit, status, log and diff work end to end")
    func workflow() async throws {
        try await withFixture { fixture in
            let initialised = try await fixture.call("git__init", ["initial_branch": "main"])
            #expect(initialised.result["exit_code"] == 0)
            #expect(fixture.exists(".git/HEAD"))
            try fixture.write("print('hi')\n", to: "app.py")
            let status = try await fixture.call("git__status", [:])
            #expect(Self.stdout(status).contains("?? app.py"))
            _ = try await fixture.call("git__add", ["paths": ["app.py"]])
            let commit = try await fixture.call("git__commit", ["message": "First commit"])
            #expect(commit.result["exit_code"] == 0, "\(commit.result)")
            let log = try await fixture.call("git__log", ["options": ["--oneline"]])
            #expect(Self.stdout(log).contains("First commit"))
            try fixture.write("print('bye')\n", to: "app.py")
            let diff = try await fixture.call("git__diff", ["paths": ["app.py"]])
            #expect(Self.stdout(diff).contains("+print('bye')"))
            let stat = try await fixture.call("git__diff", ["options": ["--stat"], "revisions": ["HEAD"]])
            #expect(Self.stdout(stat).contains("app.py"))
            let clean = try await fixture.call("git__status", ["options": ["--porcelain"]])
            #expect(Self.stdout(clean) == " M app.py\n")
        }
    }

    @Test("branch and tag create, list and delete")
    func branchesAndTags() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", ["initial_branch": "main"])
            try fixture.write("x", to: "f.txt")
            _ = try await fixture.call("git__add", ["options": ["-A"]])
            _ = try await fixture.call("git__commit", ["message": "base"])
            _ = try await fixture.call("git__branch", ["name": "feature"])
            let branches = try await fixture.call("git__branch", ["options": ["--list"]])
            #expect(Self.stdout(branches).contains("feature"))
            _ = try await fixture.call("git__tag", ["name": "v1", "message": "release one"])
            _ = try await fixture.call("git__tag", ["name": "light"])
            let tags = try await fixture.call("git__tag", ["options": ["--list"]])
            #expect(Self.stdout(tags) == "light\nv1\n")
            _ = try await fixture.call("git__branch", ["options": ["-d"], "name": "feature"])
            #expect(!Self.stdout(try await fixture.call("git__branch", [:])).contains("feature"))
        }
    }

    @Test("without a configured identity, commits are made as orchestrator")
    func fallbackIdentity() async throws {
        try await withFixture { fixture in
            let tool = GitTool(configuration: .init(), environment: ["HOME": fixture.outside])
            let registry = ToolRegistry(tools: [tool])
            func call(_ action: String, _ arguments: JSONValue) async throws -> ToolOutput {
                try await registry.call("git__" + action, arguments: arguments, context: fixture.context)
            }
            _ = try await call("init", [:])
            try fixture.write("x", to: "f.txt")
            _ = try await call("add", ["paths": ["f.txt"]])
            let commit = try await call("commit", ["message": "anonymous"])
            #expect(commit.result["exit_code"] == 0, "\(commit.result)")
            let log = try await call("log", ["options": ["--format=%an <%ae>"]])
            #expect(Self.stdout(log) == "orchestrator <orchestrator@localhost>\n")
            #expect(!FileManager.default.fileExists(atPath: fixture.outside + "/.gitconfig"), "nothing was configured")
        }
    }

    @Test("a failing git command is a result with its exit code, not an error")
    func nonZeroExit() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", [:])
            let output = try await fixture.call("git__commit", ["message": "nothing staged"])
            #expect(output.result["exit_code"] != 0)
            #expect(output.result["command"]?.stringValue?.hasPrefix("git commit --message=nothing staged") == true)
        }
    }

    @Test("init is refused in a repository")
    func initTwice() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", [:])
            #expect(
                await fixture.failure("git__init", [:]) == .notAllowed("the working copy is already a git repository"))
        }
    }

    @Test(
        "options outside the action's allow-list are refused",
        arguments: [
            ("git__diff", "--output=/tmp/x"), ("git__status", "-c"), ("git__log", "--exec-path=/tmp"),
            ("git__diff", "--ext-diff"), ("git__add", "--force"), ("git__commit", "--no-verify"),
            ("git__status", "--upload-pack=evil"),
        ])
    func disallowedOption(function: String, option: String) async throws {
        try await withFixture { fixture in
            var arguments: [String: JSONValue] = ["options": [.string(option)]]
            if function == "git__commit" { arguments["message"] = "m" }
            let error = await fixture.failure(function, .object(arguments))
            #expect(error?.isNotAllowed == true)
            #expect(error?.description.contains("'\(option)' is not allowed") == true)
        }
    }

    @Test(
        "subcommands outside the allow-list are refused by the policy",
        arguments: ["push", "config", "remote", "fetch", "clone"])
    func disallowedSubcommand(subcommand: String) {
        #expect(throws: ToolError.self) { try GitCommandPolicy.check(subcommand: subcommand, options: []) }
        do {
            try GitCommandPolicy.check(subcommand: subcommand, options: [])
        } catch {
            #expect(error.description.hasPrefix("not allowed: git \(subcommand) is not available"))
        }
    }

    @Test("a non-option in options, an option-like revision and an escaping path are refused")
    func smuggling() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", [:])
            #expect(await fixture.failure("git__log", ["options": ["HEAD"]])?.isNotAllowed == true)
            #expect(
                !(await fixture.failure("git__diff", ["revisions": ["--output=/tmp/x"]])?.violations.isEmpty ?? true))
            #expect(
                await fixture.failure("git__add", ["paths": ["../outside/file"]])?.isEscape("../outside/file") == true)
        }
    }

    @Test("hooks never run")
    func hooksOff() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", [:])
            let hook = fixture.workingCopy + "/.git/hooks/pre-commit"
            try "#!/bin/sh\ntouch \(fixture.outside)/hook-ran\nexit 1\n".write(
                toFile: hook, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
            try fixture.write("x", to: "f.txt")
            _ = try await fixture.call("git__add", ["paths": ["f.txt"]])
            let commit = try await fixture.call("git__commit", ["message": "with hook"])
            #expect(commit.result["exit_code"] == 0, "\(commit.result)")
            #expect(!FileManager.default.fileExists(atPath: fixture.outside + "/hook-ran"))
        }
    }
}
