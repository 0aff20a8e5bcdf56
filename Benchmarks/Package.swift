// swift-tools-version: 6.1
// A package of its own, so that `swift build` and `swift test` of the root package never build the
// benchmark framework and its malloc interposer.
import PackageDescription

let package = Package(
    name: "OrchestratorBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(name: "orchestrator", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "ConfigValidation",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Config", package: "orchestrator"),
            ],
            path: "Benchmarks/ConfigValidation",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // A plain executable, timed as a process by compare_snapshot.py beside `git add -A && git commit`.
        .executableTarget(
            name: "snapshot-bench",
            dependencies: [
                .product(name: "Snapshots", package: "orchestrator")
            ],
            path: "Benchmarks/SnapshotBench"
        ),
        // A plain executable: the six-phase workflow run in process, its cost per phase broken down by part.
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                .product(name: "Engine", package: "orchestrator"),
                .product(name: "Model", package: "orchestrator"),
                .product(name: "SQLiteStore", package: "orchestrator"),
            ],
            path: "Benchmarks/EngineBench"
        ),
        // A plain executable: the cost of one python_executor call through the tool registry, sandboxed or not.
        .executableTarget(
            name: "tool-bench",
            dependencies: [
                .product(name: "Tools", package: "orchestrator"),
                .product(name: "JSON", package: "orchestrator"),
            ],
            path: "Benchmarks/ToolBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
