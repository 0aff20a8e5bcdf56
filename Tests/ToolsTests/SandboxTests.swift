import Foundation
import JSON
import Processes
import Testing

@testable import Tools

/// Agents write the code python_executor and linters run: the sandbox must keep it from the network, the
/// policies, the orchestrator's state, other processes' secrets, and from leaving processes behind.
/// Each check goes through the tool registry, as an agent's call would.
@Suite("sandbox")
struct SandboxTests {
    /// Runs Python code through `python_executor__run` and returns its stdout, failing on a non-zero exit.
    static func python(
        _ fixture: ToolFixture, _ code: String, _ arguments: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let output = try await fixture.call(
            "python_executor__run", ["code": .string(code), "args": .array(arguments.map { .string($0) })])
        #expect(output.result["exit_code"] == 0, "\(output.result)", sourceLocation: sourceLocation)
        return output.result["stdout"]?.stringValue ?? ""
    }

    /// A TCP listener on 127.0.0.1 in the test's own network namespace; its port.
    final class LoopbackListener {
        let descriptor: Int32
        let port: UInt16

        init() throws {
            let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                    bind(socketDescriptor, raw, length) == 0 && listen(socketDescriptor, 8) == 0
                        && getsockname(socketDescriptor, raw, &length) == 0
                }
            }
            guard socketDescriptor >= 0, bound else {
                throw ShellFailure(script: "listen on 127.0.0.1", status: errno, output: "")
            }
            descriptor = socketDescriptor
            port = UInt16(bigEndian: address.sin_port)
        }

        deinit { close(descriptor) }
    }

    static let connect = """
        import socket, sys
        try:
            socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
            print("connected")
        except OSError as error:
            print("blocked:", type(error).__name__)
        """

    @Test("no network: a listener on the host's loopback cannot be reached")
    func network() async throws {
        let listener = try LoopbackListener()
        try await withFixture { fixture in
            let output = try await Self.python(fixture, Self.connect, [String(listener.port)])
            #expect(output == "blocked: ConnectionRefusedError\n", "the sandbox has a loopback of its own only")
        }
        let allowed = ToolConfiguration(networkTools: [PythonExecutorTool.id])
        try await withFixture(allowed) { fixture in
            let output = try await Self.python(fixture, Self.connect, [String(listener.port)])
            #expect(output == "connected\n", "a tool configured for network keeps the host's")
        }
    }

    @Test("the system is read-only and nothing outside the working copy can be written")
    func systemReadOnly() async throws {
        try await withFixture { fixture in
            let probe = "orchestrator-probe-\(UUID().uuidString)"
            let targets = ["/usr/" + probe, "/usr/local/bin/" + probe, "/etc/" + probe, fixture.outside + "/" + probe]
            let code = """
                import sys
                for path in sys.argv[1:]:
                    try:
                        open(path, "w").write("escaped")
                        print("written")
                    except OSError as error:
                        print(type(error).__name__)
                """
            let output = try await Self.python(fixture, code, targets)
            let lines = output.split(separator: "\n")
            #expect(lines.count == 4 && lines[0] != "written" && lines[1] != "written", "\(output)")
            for target in targets {
                #expect(!FileManager.default.fileExists(atPath: target), "\(target) was written outside the sandbox")
            }
        }
    }

    @Test("governance/ can be neither read nor written, whether or not it exists")
    func governance() async throws {
        try await withFixture { fixture in
            try fixture.write("policy:\n  id: acme\n", to: "governance/acme.yaml")
            let code = """
                import os
                print(sorted(os.listdir("governance")))
                for attempt in (lambda: open("governance/acme.yaml").read(),
                                lambda: open("governance/waiver.yaml", "w").write("waivers: []"),
                                lambda: os.rename("governance", "policies")):
                    try:
                        attempt()
                        print("done")
                    except OSError as error:
                        print(type(error).__name__)
                """
            let output = try await Self.python(fixture, code)
            #expect(output == "[]\nFileNotFoundError\nOSError\nOSError\n", "\(output)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: fixture.workingCopy + "/governance") == [
                    "acme.yaml"
                ])
        }
        try await withFixture { fixture in
            let code = """
                import os
                try:
                    os.makedirs("governance/client", exist_ok=True)
                    open("governance/client/waiver.yaml", "w").write("waivers: []")
                    print("written")
                except OSError as error:
                    print(type(error).__name__)
                """
            let output = try await Self.python(fixture, code)
            #expect(output == "OSError\n")
            #expect(!fixture.exists("governance"), "no folder is left where none was")
        }
    }

    @Test(".orchestrator/state.db cannot be opened")
    func state() async throws {
        try await withFixture { fixture in
            try fixture.write("SQLite format 3", to: ".orchestrator/state.db")
            let code = """
                import sqlite3
                for mode in ("rb", "r+b"):
                    try:
                        open(".orchestrator/state.db", mode)
                        print("opened")
                    except OSError as error:
                        print(type(error).__name__)
                try:
                    sqlite3.connect(".orchestrator/state.db").execute("CREATE TABLE forged (x)")
                    print("forged")
                except sqlite3.Error as error:
                    print("sqlite3:", error)
                """
            let output = try await Self.python(fixture, code)
            #expect(output == "FileNotFoundError\nFileNotFoundError\nsqlite3: unable to open database file\n")
            #expect(fixture.read(".orchestrator/state.db") == "SQLite format 3")
        }
    }

    @Test("another process's environment (an API key) is out of reach through /proc")
    func processEnvironment() async throws {
        let key = "sk-ant-fake-\(UUID().uuidString)"
        setenv("ANTHROPIC_API_KEY", key, 1)
        defer { unsetenv("ANTHROPIC_API_KEY") }
        // A process started with the key in its environment, as the orchestrator is.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sleep")
        holder.arguments = ["300"]
        holder.environment = ["ANTHROPIC_API_KEY": key]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer {
            kill(holder.processIdentifier, SIGKILL)
            holder.waitUntilExit()
        }
        try await withFixture { fixture in
            let code = """
                import os, sys
                for pid in (sys.argv[1], sys.argv[2]):
                    try:
                        open("/proc/%s/environ" % pid, "rb").read()
                        print("read", pid)
                    except OSError as error:
                        print(type(error).__name__)
                print("pid", os.getpid(), "parent", os.getppid())
                found = []
                for name in os.listdir("/proc"):
                    try:
                        if sys.argv[3].encode() in open("/proc/%s/environ" % name, "rb").read():
                            found.append(name)
                    except OSError:
                        pass
                print("key found in", found, "environment has it:", "ANTHROPIC_API_KEY" in os.environ)
                """
            let output = try await Self.python(
                fixture, code, [String(getpid()), String(holder.processIdentifier), key])
            #expect(
                output
                    == "FileNotFoundError\nFileNotFoundError\npid 1 parent 0\nkey found in [] environment has it: False\n",
                "\(output)")
            #expect(!output.contains(key))
        }
    }

    @Test("a setsid child is killed with the sandbox when the call returns")
    func setsidChild() async throws {
        let marker = "orchestrator-sandbox-test-\(UUID().uuidString)"
        try await withFixture { fixture in
            let code = """
                import subprocess, sys
                child = subprocess.Popen(["setsid", sys.executable, "-c", "import time; time.sleep(300)", sys.argv[1]],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                open("child.pid", "w").write(str(child.pid))
                print("started")
                """
            let output = try await Self.python(fixture, code, [marker])
            #expect(output == "started\n")
            #expect(fixture.read("child.pid") != nil, "the child was started")
            // Its pid is one of the sandbox's PID namespace, meaningless outside: look for it by its marker.
            #expect(Self.processes(carrying: marker) == [], "the setsid child outlived the call")
        }
    }

    /// Live processes whose command line contains `marker` (a zombie's is empty).
    static func processes(carrying marker: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.filter { name in
            guard name.allSatisfy(\.isNumber),
                let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline")
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
    }

    @Test("without a usable bubblewrap nothing runs, and the refusal says how to opt out")
    func unavailable() async throws {
        let missing = ToolConfiguration(
            linters: ["lines": ["python3", "-c", "print('a.py:1:1: E1 x')"]],
            sandbox: SandboxSettings(bubblewrap: "/nonexistent/bwrap"))
        try await withFixture(missing) { fixture in
            let error = await fixture.failure("python_executor__run", ["code": "open('ran', 'w')"])
            guard case .unavailable(let message)? = error else {
                Issue.record("expected unavailable, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("not run: agents' code (python_executor, linters, tool gates) runs only"))
            #expect(message.contains("bubblewrap ('/nonexistent/bwrap') is not installed"))
            #expect(message.contains("ORCHESTRATOR_SANDBOX=off"))
            #expect(!fixture.exists("ran"))
            try fixture.write("x = 1\n", to: "a.py")
            let linter = await fixture.failure("linter__run", ["paths": ["a.py"]])
            #expect(linter?.description.contains("ORCHESTRATOR_SANDBOX=off") == true, "\(String(describing: linter))")
        }
    }

    @Test("linters run in the sandbox too")
    func linter() async throws {
        let writer = ["python3", "-c", "open('governance/x.yaml', 'w')"]
        try await withFixture(ToolConfiguration(linters: ["writer": writer])) { fixture in
            try fixture.write("policy: {}\n", to: "governance/acme.yaml")
            let output = try await fixture.call("linter__run", [:])
            #expect(output.result["runs"]?[0]?["exit_code"] == 1)
            #expect(output.result["runs"]?[0]?["stderr"]?.stringValue?.contains("Read-only file system") == true)
            #expect(!fixture.exists("governance/x.yaml"))
        }
    }

    @Test("ORCHESTRATOR_SANDBOX=off is read from the environment, and anything else keeps the sandbox")
    func optOut() {
        #expect(SandboxSettings.fromEnvironment(["ORCHESTRATOR_SANDBOX": "off"]).mode == .off)
        #expect(SandboxSettings.fromEnvironment(["ORCHESTRATOR_SANDBOX": "OFF"]).mode == .off)
        #expect(SandboxSettings.fromEnvironment(["ORCHESTRATOR_SANDBOX": "0"]).mode == .required)
        #expect(SandboxSettings.fromEnvironment([:]).mode == .required)
        #expect(ToolConfiguration.fromEnvironment(["ORCHESTRATOR_SANDBOX": "off"]).sandbox.mode == .off)
        let network = ToolConfiguration.fromEnvironment(["ORCHESTRATOR_SANDBOX_NETWORK": "python_executor, linter"])
        #expect(network.networkTools == ["python_executor", "linter"])
        #expect(ToolConfiguration.fromEnvironment([:]).networkTools.isEmpty)
    }
}
