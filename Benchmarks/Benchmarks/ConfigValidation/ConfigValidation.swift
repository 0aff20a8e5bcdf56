import Benchmark
import Config
import Foundation

/// The in-process half of `make bench`: what `orchestrator validate FILE` does for the generated 10,000-line
/// intake (YAML parse, kind detection, schema validation, cross-field rules, sorting the diagnostics) minus
/// process start and the file read, so that the two can be told apart in the comparison.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        // The exported percentiles are integers in these units: microseconds keep a 5 ms run from rounding
        // away, and exact counts keep a change of a few hundred mallocs visible.
        timeUnits: .microseconds,
        units: [.mallocCountTotal: .count, .peakMemoryResident: .mega],
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 200
    )

    let input = IntakeInput.load()
    Benchmark("validate intake 10k lines") { benchmark in
        switch input {
        case .failure(let problem):
            benchmark.error(problem.description)
        case .success(let bytes):
            let validator = ConfigValidator()
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(validator.validate(bytes))
            }
        }
    }
}

/// The generated intake's bytes, read once and checked to be clean: timing a file that fails validation
/// would measure error reporting instead of the path users take.
enum IntakeInput {
    /// Names the file; `make bench` sets it to the file compare_validation.py times, so both read the same bytes.
    static let environmentVariable = "ORCHESTRATOR_BENCH_INTAKE"

    /// Why the benchmark cannot run, shown by the benchmark tool as the failure reason.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load() -> Result<[UInt8], Problem> {
        let path = location()
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(
                Problem(
                    description: "cannot read \(path); run `python3 Benchmarks/generate_intake.py \(path)` "
                        + "or `make bench`, or set \(environmentVariable)"))
        }
        let bytes = [UInt8](data)
        let validation = ConfigValidator().validate(bytes)
        guard validation.kind == .intake, validation.diagnostics.isEmpty else {
            let first = validation.diagnostics.first.map { ": \($0.code) \($0.message)" } ?? ""
            return .failure(
                Problem(
                    description: "\(path) is not a clean intake (\(validation.diagnostics.count) diagnostics\(first))"
                ))
        }
        return .success(bytes)
    }

    /// The environment's path, else `Benchmarks/.generated/intake-10k.yaml` found from this source file,
    /// so the benchmark does not depend on the directory the plugin starts it in.
    static func location() -> String {
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return path
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ConfigValidation/
            .deletingLastPathComponent()  // Benchmarks/Benchmarks/
            .deletingLastPathComponent()  // Benchmarks/
            .appendingPathComponent(".generated/intake-10k.yaml")
            .path
    }
}
