// engine-bench RUNS [normal|full] [--files N] [--agents 1|2] [--delegate N] [--warmup N] [--per-phase]
//
// Runs the six-phase writer workflow RUNS times in this process (after warm-up runs), each in a new workspace
// with a new store at the given SQLite `synchronous` setting, and prints JSON: the median cost of a phase, and of
// each part of it, in milliseconds per phase (with --per-phase, also per phase by name), and the median run.
//
// The workflow is compare_workflow.py's: every phase `--agents` writer agents (the file_system tool only) on the
// offline provider, each writing one ~100-byte file, so what is left is the engine's own cost. With two agents a
// phase they work in working copies, merged at its end. `--delegate N` gives each writer N subagents it hands a
// file each to through the `delegate` tool (a delegation-heavy phase: each delegation its own working copy).
// `--files N` first fills the workspace with N generated files in 100 folders (a modest real repository): what
// working copies, context and snapshots cost as the workspace grows. `--warmup` sets the untimed runs first
// (default 2, 1 from 10,000 files).
import Engine
import Foundation
import Model
import SQLiteStore

struct Options {
    var runs = 20
    var synchronous = SQLiteWorkflowStore.Synchronous.normal
    var files = 0
    var agents = 1
    var perPhase = false
    var delegates = 0
    var warmup: Int?

    init(_ arguments: [String]) {
        var positional: [String] = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--files": files = iterator.next().flatMap(Int.init) ?? 0
            case "--agents": agents = max(1, min(2, iterator.next().flatMap(Int.init) ?? 1))
            case "--per-phase": perPhase = true
            case "--delegate": delegates = max(0, iterator.next().flatMap(Int.init) ?? 0)
            case "--warmup": warmup = max(0, iterator.next().flatMap(Int.init) ?? 0)
            default: positional.append(argument)
            }
        }
        if let first = positional.first.flatMap(Int.init) { runs = first }
        if positional.count > 1, let mode = SQLiteWorkflowStore.Synchronous(rawValue: positional[1].uppercased()) {
            synchronous = mode
        }
    }
}

let phases = Phase.allCases
let options = Options(Array(CommandLine.arguments.dropFirst()))
let writers = (1...options.agents).map { $0 == 1 ? "writer" : "writer\($0)" }
// Reviews are off, as in compare_workflow.py's intake: LangGraph's graph has no reviewer, and the measure is the
// engine's cost around the writers' work.
let intake = """
    project:
      name: "Bench"
    requirements:
      - "Write one small file per phase"
    phases: [\(phases.map(\.rawValue).joined(separator: ", "))]
    constraints:
      review_rounds: 0
    agents:
    \(phases.map { "  \($0.rawValue): [\(writers.joined(separator: ", "))]" }.joined(separator: "\n"))
    artifacts:
    \(phases.map { phase in
        "  \(phase.rawValue): [" + writers.map { "\"out/\(phase.rawValue)-\($0).txt\"" }.joined(separator: ", ") + "]"
    }.joined(separator: "\n"))

    """

func agentYAML(_ id: String) -> String {
    let subagents =
        options.delegates == 0
        ? ""
        : "  subagents:\n"
            + (1...options.delegates).map { "    - id: \(id).helper\($0)\n      tools: [file_system]\n" }.joined()
    return """
        agent:
          id: \(id)
          description: Writes the one file its phase gives it.
          system_prompt: "Write the file your task names."
          tools: [file_system]
          max_steps: \(options.delegates == 0 ? 4 : 8)

        """ + subagents
}

struct Failure: Error, CustomStringConvertible {
    var description: String
}

/// N files of 100–300 bytes in 100 folders, the same every time, files and folders a day old as in a checked-out
/// repository (workflow_scale.py's generator does the same): a file or folder changed within 2 s of a snapshot is
/// read again by the next one (git's racy rule), so fresh files would make every phase of a fast run rescan them.
func generate(_ count: Int, in root: URL) throws {
    let dayAgo = Date(timeIntervalSinceNow: -86_400)
    var folders: [URL] = []
    for index in 0..<count {
        let folder = root.appendingPathComponent("repo/module\(index % 100)")
        if index < 100 {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            folders.append(folder)
        }
        let body =
            "# file \(index)\n" + String(repeating: "value_\(index) = \(index * 7 % 1000)\n", count: 1 + index % 10)
        let file = folder.appendingPathComponent("file\(index).py")
        try body.write(to: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: dayAgo], ofItemAtPath: file.path)
    }
    for folder in folders + (count > 0 ? [root.appendingPathComponent("repo")] : []) {
        try FileManager.default.setAttributes([.modificationDate: dayAgo], ofItemAtPath: folder.path)
    }
}

/// One run: its meter, and its wall time from start to completed report in milliseconds.
func oneRun() async throws -> (meter: PhaseCostMeter, milliseconds: Double) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(
        at: folder.appendingPathComponent("agents"), withIntermediateDirectories: true)
    try intake.write(to: folder.appendingPathComponent("intake.yaml"), atomically: true, encoding: .utf8)
    for writer in writers {
        try agentYAML(writer).write(
            to: folder.appendingPathComponent("agents/\(writer).yaml"), atomically: true, encoding: .utf8)
    }
    try generate(options.files, in: folder)
    let synchronous = options.synchronous
    let engine = try await WorkflowEngine.open(
        workspace: folder.path, create: true,
        store: { layout, access in
            try await SQLiteWorkflowStore.open(path: layout.database, synchronous: synchronous, access: access)
        },
        agents: WorkspaceAgentRunner())
    let meter = PhaseCostMeter()
    let started = ContinuousClock.now
    let report = try await PhaseCostMeter.$current.withValue(meter) {
        try await engine.start(intakePath: "intake.yaml")
    }
    let elapsed = ContinuousClock.now - started
    let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
    guard report.status == .completed else {
        throw Failure(description: "the run ended \(report.status): \(report.reason ?? "")")
    }
    for phase in phases {
        for writer in writers
        where !FileManager.default.fileExists(atPath: folder.path + "/out/\(phase.rawValue)-\(writer).txt") {
            throw Failure(description: "no out/\(phase.rawValue)-\(writer).txt")
        }
    }
    return (meter, milliseconds)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func summary(_ totals: [[PhaseCostMeter.Part: PhaseCostMeter.Total]], per divisor: Double) -> [String: [String: Double]]
{
    var parts: [String: [String: Double]] = [:]
    for part in PhaseCostMeter.Part.allCases {
        parts[part.rawValue] = [
            "perPhaseMs": median(totals.map { Double($0[part]?.nanoseconds ?? 0) / 1e6 / divisor }),
            "countPerPhase": median(totals.map { Double($0[part]?.count ?? 0) / divisor }),
        ]
    }
    return parts
}

do {
    for _ in 0..<(options.warmup ?? (options.files >= 10_000 ? 1 : 2)) { _ = try await oneRun() }
    var meters: [PhaseCostMeter] = []
    var runMilliseconds: [Double] = []
    for _ in 0..<options.runs {
        let run = try await oneRun()
        meters.append(run.meter)
        runMilliseconds.append(run.milliseconds)
    }
    var output: [String: Any] = [
        "runs": options.runs, "phasesPerRun": phases.count, "synchronous": options.synchronous.rawValue,
        "files": options.files, "agentsPerPhase": options.agents, "delegatesPerAgent": options.delegates,
        "runMs": median(runMilliseconds),
        "parts": summary(meters.map(\.snapshot), per: Double(phases.count)),
    ]
    if options.perPhase {
        var byPhase: [String: Any] = [:]
        for phase in phases {
            byPhase[phase.rawValue] = summary(meters.map { $0.byPhase[phase] ?? [:] }, per: 1)
        }
        output["byPhase"] = byPhase
    }
    let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("engine-bench: \(error)\n".utf8))
    exit(1)
}
