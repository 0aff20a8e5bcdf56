// Times `python_executor` calls through the tool registry, as an agent's call would run: `tool-bench [RUNS]`
// prints the median and spread of RUNS calls (default 20) of a program that prints one line. The sandbox
// follows the environment (`ORCHESTRATOR_SANDBOX=off` runs without it), the interpreter `ORCHESTRATOR_PYTHON`.
import Foundation
import JSON
import Tools

let runs = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 20
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tool-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let registry = ToolRegistry.builtin(configuration: .fromEnvironment(ProcessInfo.processInfo.environment))
let context = ToolContext(workingCopy: folder.resolvingSymlinksInPath().path, agentID: "bench")
let arguments: JSONValue = ["code": "print('ready')"]

var timings: [Double] = []
for index in 0..<(runs + 2) {
    let started = ContinuousClock.now
    let output = try await registry.call("python_executor__run", arguments: arguments, context: context)
    let elapsed = ContinuousClock.now - started
    guard output.result["stdout"] == "ready\n" else {
        FileHandle.standardError.write(Data("unexpected result: \(output.result)\n".utf8))
        exit(1)
    }
    if index >= 2 {  // the first two warm the page cache and the interpreter's files
        timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
}
let sorted = timings.sorted()
let percentile = { (p: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
print(
    String(
        format: "python_executor: %d calls, median %.1f ms (p10 %.1f, p90 %.1f, min %.1f, max %.1f)", sorted.count,
        percentile(0.5), percentile(0.1), percentile(0.9), sorted[0], sorted[sorted.count - 1]))
