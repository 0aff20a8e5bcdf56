import Testing

@testable import Processes

@Suite("process runner")
struct ProcessRunnerTests {
    static func request(_ arguments: [String], timeout: Double = 30, cap: Int = 1 << 20) -> ProcessRequest {
        ProcessRequest(
            executable: "sh", arguments: arguments, environment: ProcessEnvironment.minimal(), workingDirectory: "/",
            timeoutSeconds: timeout, outputCap: cap)
    }

    @Test("exit status and both streams come back")
    func outcome() async throws {
        let outcome = try await ProcessRunner.run(Self.request(["-c", "echo out; echo err >&2; exit 3"]))
        #expect(outcome.termination == .exited(3))
        #expect(outcome.stdout == "out\n")
        #expect(outcome.stderr == "err\n")
    }

    @Test("output past the cap is cut at a character boundary and marked truncated")
    func cap() async throws {
        let outcome = try await ProcessRunner.run(Self.request(["-c", "printf 'aé%.0s' $(seq 100)"], cap: 4))
        #expect(outcome.stdout == "aéa", "the cut 'é' is dropped rather than shown half")
        #expect(outcome.stdoutTruncated)
        #expect(!outcome.stderrTruncated)
    }

    @Test("a missing program and a deadline are typed errors")
    func errors() async {
        var missing = Self.request([])
        missing.executable = "program-that-does-not-exist-7"
        await #expect(throws: ProcessError(.notFound, "'program-that-does-not-exist-7' was not found on PATH")) {
            try await ProcessRunner.run(missing)
        }
        do {
            _ = try await ProcessRunner.run(Self.request(["-c", "sleep 30 & wait"], timeout: 0.3))
            Issue.record("the run outlived its deadline")
        } catch {
            #expect(error.code == .timedOut)
            #expect(error.timeoutSeconds == 0.3)
        }
    }

    @Test("the minimal environment keeps PATH and drops everything not on the allow-list")
    func environment() {
        let environment = ProcessEnvironment.minimal(["EXTRA": "1"])
        #expect(environment["PATH"] != nil)
        #expect(environment["EXTRA"] == "1")
        #expect(Set(environment.keys).isSubset(of: Set(ProcessEnvironment.passedThrough + ["EXTRA"])))
    }
}
