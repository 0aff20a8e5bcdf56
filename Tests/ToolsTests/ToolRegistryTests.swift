import Config
import JSON
import Testing

@testable import Tools

@Suite("Tool registry")
struct ToolRegistryTests {
    @Test("the built-in registry has the six tools in order")
    func builtinTools() {
        let registry = ToolRegistry.builtin()
        #expect(
            registry.descriptors.map(\.id) == [
                "file_system", "git", "python_executor", "duckdb", "linter", "visualization",
            ])
        #expect(registry.tool(id: "git")?.descriptor.id == "git")
        #expect(registry.tool(id: "shell") == nil)
    }

    @Test("every action's parameter and result schema loads, and every function name is one providers accept")
    func schemasAndNames() throws {
        let registry = ToolRegistry.builtin()
        let functions = registry.functions(for: registry.descriptors.map(\.id))
        #expect(functions.count == registry.descriptors.reduce(0) { $0 + $1.actions.count })
        for function in functions {
            #expect(ToolFunction.isValidName(function.name), "\(function.name)")
            #expect(function.name.wholeMatch(of: /[a-zA-Z0-9_-]{1,64}/) != nil)
            #expect(ToolRegistry.parseFunctionName(function.name)?.tool == function.tool)
            #expect(ToolRegistry.parseFunctionName(function.name)?.action == function.action)
        }
        for descriptor in registry.descriptors {
            #expect(!descriptor.safety.isEmpty, "\(descriptor.id) states its safety rules")
            for action in descriptor.actions {
                _ = try JSONSchemaLoader.load(json: action.parameters.jsonString())
                _ = try JSONSchemaLoader.load(json: action.result.jsonString())
                #expect(action.parameters["additionalProperties"] == false, "\(descriptor.id).\(action.name)")
                #expect(action.timeoutSeconds > 0)
            }
        }
    }

    @Test("functions(for:) keeps the order asked for and skips unknown ids")
    func functionsForIDs() {
        let functions = ToolRegistry.builtin().functions(for: ["visualization", "nope", "file_system"])
        #expect(functions.first?.name == "visualization__chart")
        #expect(functions.dropFirst().allSatisfy { $0.tool == "file_system" })
        #expect(functions.map(\.name).contains("file_system__read"))
    }

    @Test(
        "function names round-trip", arguments: [("file_system", "read"), ("python_executor", "run"), ("git", "log")])
    func functionNames(tool: String, action: String) {
        let name = ToolRegistry.functionName(tool: tool, action: action)
        #expect(name == "\(tool)__\(action)")
        #expect(ToolRegistry.parseFunctionName(name)?.tool == tool)
        #expect(ToolRegistry.parseFunctionName(name)?.action == action)
    }

    @Test("names without a tool and an action do not parse", arguments: ["read", "__read", "file_system__", ""])
    func badFunctionNames(name: String) {
        #expect(ToolRegistry.parseFunctionName(name) == nil)
    }

    @Test("an unknown tool and an unknown action are refused by name")
    func unknownToolAndAction() async throws {
        try await withFixture { fixture in
            #expect(await fixture.failure("shell__run", [:]) == .unknownTool("shell"))
            #expect(await fixture.failure("bogus", [:]) == .unknownTool("bogus"))
            #expect(await fixture.failure("git__push", [:]) == .unknownAction(tool: "git", action: "push"))
        }
    }

    @Test("arguments are validated before the tool runs: wrong type, missing required, unknown key")
    func invalidArgumentsNeverRun() async throws {
        try await withFixture { fixture in
            let wrongType = await fixture.failure("file_system__write", ["path": 42, "content": "x"])
            #expect(wrongType?.violations == ["/path: must be string; found integer 42"])
            let missing = await fixture.failure("file_system__write", ["path": "a.txt"])
            #expect(missing?.violations == ["/: missing required property 'content'"])
            let unknown = await fixture.failure("file_system__write", ["path": "a.txt", "content": "x", "mode": "w"])
            #expect(unknown?.violations.first?.hasPrefix("/mode: unknown property 'mode'; allowed: ") == true)
            #expect(!fixture.exists("a.txt"), "nothing was written")
            #expect(
                "\(wrongType.map(String.init(describing:)) ?? "")"
                    == "invalid arguments for file_system.write: /path: must be string; found integer 42")
        }
    }

    @Test("null arguments count as an empty object")
    func nullArguments() async throws {
        try await withFixture { fixture in
            let output = try await fixture.call("file_system__list", nil)
            #expect(output.result["path"] == ".")
        }
    }

    // The tool sleeps for an hour, so only the registry's timeout can end the call: the error says it did. The time
    // limit only guards against a hang; how soon the timeout fires depends on the cooperative pool, which other
    // suites' file-heavy fixtures keep busy on a 2-core machine.
    @Test("the registry stops a call that outlives its action's timeout", .timeLimit(.minutes(2)))
    func registryTimeout() async throws {
        let registry = ToolRegistry(tools: [StallingTool()])
        do {
            _ = try await registry.call(
                "stall__wait", arguments: [:], context: ToolContext(workingCopy: "/tmp", agentID: "t"))
            Issue.record("a stalled call returned")
        } catch {
            #expect(error == .timedOut(seconds: 0.2))
        }
    }

    @Test("a tool whose parameter schema does not load is reported, not run")
    func brokenSchema() async throws {
        let registry = ToolRegistry(tools: [StallingTool(parameters: ["type": "object", "frobnicate": true])])
        do {
            _ = try await registry.call(
                "stall__wait", arguments: [:], context: ToolContext(workingCopy: "/", agentID: "t"))
            Issue.record("a broken schema ran")
        } catch {
            #expect("\(error)".contains("unusable parameter schema"))
        }
    }
}

/// A tool that waits until it is cancelled.
private struct StallingTool: Tool {
    var parameters: JSONValue = ["type": "object", "additionalProperties": false]

    var descriptor: ToolDescriptor {
        ToolDescriptor(
            id: "stall", description: "waits",
            actions: [
                ToolActionDescriptor(
                    name: "wait", description: "", parameters: parameters, result: [:], timeoutSeconds: 0.2)
            ],
            safety: [])
    }

    func perform(_ action: String, arguments: JSONValue, context: ToolContext) async throws(ToolError) -> ToolOutput {
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch {
            throw .failed("cancelled")
        }
        return ToolOutput(result: nil)
    }
}
