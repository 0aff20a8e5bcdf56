import Foundation
import JSON
import Testing

@testable import Tools

@Suite("python_executor tool")
struct PythonExecutorTests {
    @Test("code runs in the working copy and its output comes back")
    func runsCode() async throws {
        try await withFixture { fixture in
            try fixture.write("42", to: "input.txt")
            let output = try await fixture.call(
                "python_executor__run",
                [
                    "code":
                        "import sys\nprint(open('input.txt').read(), sys.argv[1:])\nopen('out.txt', 'w').write('done')",
                    "args": ["a", "b"],
                ])
            #expect(output.result["exit_code"] == 0)
            #expect(output.result["stdout"] == "42 ['a', 'b']\n")
            #expect(fixture.read("out.txt") == "done")
        }
    }

    @Test("a script in the working copy runs with its own directory on sys.path")
    func runsPath() async throws {
        try await withFixture { fixture in
            try fixture.write("VALUE = 7\n", to: "pkg/helper.py")
            try fixture.write("import helper\nprint(helper.VALUE * 6)\n", to: "pkg/main.py")
            let output = try await fixture.call("python_executor__run", ["path": "pkg/main.py"])
            #expect(output.result["stdout"] == "42\n")
        }
    }

    @Test("a non-zero exit and an exception are results, with the traceback on stderr")
    func failuresAreResults() async throws {
        try await withFixture { fixture in
            let exit = try await fixture.call("python_executor__run", ["code": "import sys; sys.exit(3)"])
            #expect(exit.result["exit_code"] == 3)
            let raised = try await fixture.call("python_executor__run", ["code": "x = 1\nraise ValueError('boom')"])
            #expect(raised.result["exit_code"] == 1)
            let stderr = raised.result["stderr"]?.stringValue ?? ""
            #expect(stderr.contains("ValueError: boom"))
            #expect(stderr.contains("File \"<code>\", line 2"))
            #expect(stderr.contains("raise ValueError('boom')"), "the traceback shows the source line")
        }
    }

    @Test("output past the cap is cut and marked truncated")
    func outputCap() async throws {
        try await withFixture(ToolConfiguration(outputCapBytes: 1000)) { fixture in
            let output = try await fixture.call(
                "python_executor__run", ["code": "import sys\nprint('x' * 100000)\nsys.stderr.write('e' * 5000)"])
            #expect(output.result["stdout"]?.stringValue?.count == 1000)
            #expect(output.result["stdout_truncated"] == true)
            #expect(output.result["stderr"]?.stringValue?.count == 1000)
            #expect(output.result["stderr_truncated"] == true)
        }
    }

    @Test("a run past its timeout is killed with its process group and reported as timed out")
    func timeout() async throws {
        try await withFixture { fixture in
            let started = ContinuousClock.now
            let error = await fixture.failure(
                "python_executor__run",
                [
                    "code": "import subprocess, time\nsubprocess.Popen(['sleep', '300'])\ntime.sleep(300)",
                    "timeout_seconds": 1,
                ])
            #expect(error == .timedOut(seconds: 1))
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }

    @Test("a run past its memory limit is reported as a resource limit")
    func memoryLimit() async throws {
        try await withFixture(ToolConfiguration(pythonMemoryLimitBytes: 256 << 20)) { fixture in
            let error = await fixture.failure("python_executor__run", ["code": "block = bytearray(1024 * 1024 * 1024)"])
            guard case .resourceLimit(let message)? = error else {
                Issue.record("expected a resource limit, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("Python ran out of memory (MemoryError) under its limit of 256 MiB"))
        }
    }

    @Test("the environment does not carry the orchestrator's secrets")
    func reducedEnvironment() async throws {
        setenv("TOOLS_TEST_SECRET_API_KEY", "sk-secret", 1)
        try await withFixture { fixture in
            let output = try await fixture.call(
                "python_executor__run",
                ["code": "import os\nprint(os.environ.get('TOOLS_TEST_SECRET_API_KEY'), 'PATH' in os.environ)"])
            #expect(output.result["stdout"] == "None True\n")
        }
    }

    @Test("exactly one of code and path; a path outside is refused")
    func argumentRules() async throws {
        try await withFixture { fixture in
            let neither = await fixture.failure("python_executor__run", [:])
            #expect(neither?.violations == ["/: give exactly one of 'code' and 'path'"])
            let both = await fixture.failure("python_executor__run", ["code": "1", "path": "x.py"])
            #expect(both?.violations == ["/: give exactly one of 'code' and 'path'"])
            let outside = await fixture.failure("python_executor__run", ["path": "../outside/x.py"])
            #expect(outside?.isEscape("../outside/x.py") == true)
            let tooLong = await fixture.failure("python_executor__run", ["code": "1", "timeout_seconds": 301])
            #expect(tooLong?.violations == ["/timeout_seconds: must be at most 300; found 301"])
        }
    }

    @Test("a missing interpreter is reported as unavailable")
    func missingInterpreter() async throws {
        try await withFixture(ToolConfiguration(pythonExecutable: "python-does-not-exist-3")) { fixture in
            let error = await fixture.failure("python_executor__run", ["code": "print(1)"])
            guard case .unavailable(let message)? = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(message.contains("python-does-not-exist-3"))
        }
    }
}
