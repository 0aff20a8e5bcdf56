// engine-bench RUNS [normal|full]: runs the six-phase writer workflow RUNS times in this process (after two
// warm-up runs), each in a new workspace with a new store at the given SQLite `synchronous` setting, and prints
// JSON: the median cost of a phase, and of each part of it, in milliseconds per phase.
//
// The workflow is compare_workflow.py's: every phase one `writer` agent (the file_system tool only) on the
// offline provider, writing one ~100-byte file; what is left is the engine's own cost.
import Engine
import Foundation
import SQLiteStore

let phases = ["planning", "architecture", "data", "development", "qa", "documentation"]
let intake = """
    project:
      name: "Bench"
    requirements:
      - "Write one small file per phase"
    phases: [\(phases.joined(separator: ", "))]
    agents:
    \(phases.map { "  \($0): [writer]" }.joined(separator: "\n"))
    artifacts:
    \(phases.map { "  \($0): [\"out/\($0).txt\"]" }.joined(separator: "\n"))

    """
let writer = """
    agent:
      id: writer
      description: Writes the one file its phase requires.
      system_prompt: "Write the file your task names."
      tools: [file_system]
      max_steps: 4

    """

struct Failure: Error, CustomStringConvertible {
    var description: String
}

func oneRun(synchronous: SQLiteWorkflowStore.Synchronous) async throws -> [PhaseCostMeter.Part: PhaseCostMeter.Total] {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("agents"), withIntermediateDirectories: true)
    try intake.write(to: folder.appendingPathComponent("intake.yaml"), atomically: true, encoding: .utf8)
    try writer.write(to: folder.appendingPathComponent("agents/writer.yaml"), atomically: true, encoding: .utf8)
    let engine = try await WorkflowEngine.open(
        workspace: folder.path, create: true,
        store: { layout in try await SQLiteWorkflowStore.open(path: layout.database, synchronous: synchronous) },
        agents: WorkspaceAgentRunner())
    let meter = PhaseCostMeter()
    let report = try await PhaseCostMeter.$current.withValue(meter) {
        try await engine.start(intakePath: "intake.yaml")
    }
    guard report.status == .completed else {
        throw Failure(description: "the run ended \(report.status): \(report.reason ?? "")")
    }
    for phase in phases where !FileManager.default.fileExists(atPath: folder.path + "/out/\(phase).txt") {
        throw Failure(description: "no out/\(phase).txt")
    }
    return meter.snapshot
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let arguments = CommandLine.arguments.dropFirst()
let runs = arguments.first.flatMap(Int.init) ?? 20
let synchronous =
    arguments.dropFirst().first.flatMap { SQLiteWorkflowStore.Synchronous(rawValue: $0.uppercased()) } ?? .normal
do {
    for _ in 0..<2 { _ = try await oneRun(synchronous: synchronous) }
    var samples: [[PhaseCostMeter.Part: PhaseCostMeter.Total]] = []
    for _ in 0..<runs { samples.append(try await oneRun(synchronous: synchronous)) }
    var parts: [String: [String: Double]] = [:]
    for part in PhaseCostMeter.Part.allCases {
        let perPhaseMs = samples.map { Double($0[part]?.nanoseconds ?? 0) / 1e6 / Double(phases.count) }
        let countPerPhase = samples.map { Double($0[part]?.count ?? 0) / Double(phases.count) }
        parts[part.rawValue] = ["perPhaseMs": median(perPhaseMs), "countPerPhase": median(countPerPhase)]
    }
    let output: [String: Any] = [
        "runs": runs, "phasesPerRun": phases.count, "synchronous": synchronous.rawValue, "parts": parts,
    ]
    let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("engine-bench: \(error)\n".utf8))
    exit(1)
}
