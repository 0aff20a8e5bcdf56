// swift-tools-version: 6.1
// Coverage-guided fuzz targets (libFuzzer) for every parser of outside input. A package of its own, so that the
// sanitizer build (`swift build -Xswiftc -sanitize=fuzzer`, see `make fuzz`) stays out of the normal one; it reaches
// the parsers' internals through `@testable import`, which the debug build allows.
import PackageDescription

/// One fuzz target: an executable whose top-level code runs libFuzzer over its `LLVMFuzzerTestOneInput`.
func fuzzTarget(_ name: String, _ folder: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies, path: "Targets/\(folder)")
}

let package = Package(
    name: "OrchestratorFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(name: "orchestrator", path: ".."),
    ],
    targets: [
        .target(name: "CLibFuzzer", path: "Targets/CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Targets/FuzzSupport"),
        fuzzTarget("fuzz-yaml", "FuzzYAML", [.product(name: "Config", package: "orchestrator")]),
        fuzzTarget("fuzz-json", "FuzzJSON", [.product(name: "JSON", package: "orchestrator")]),
        fuzzTarget(
            "fuzz-jsonrpc", "FuzzJSONRPC",
            [
                .product(name: "JSONRPC", package: "orchestrator"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
        fuzzTarget("fuzz-sse", "FuzzSSE", [.product(name: "Providers", package: "orchestrator")]),
        fuzzTarget("fuzz-stream-json", "FuzzStreamJSON", [.product(name: "Providers", package: "orchestrator")]),
        fuzzTarget("fuzz-lcov", "FuzzLCOV", [.product(name: "Governance", package: "orchestrator")]),
        fuzzTarget("fuzz-cobertura", "FuzzCobertura", [.product(name: "Governance", package: "orchestrator")]),
        fuzzTarget("fuzz-sarif", "FuzzSARIF", [.product(name: "LintOutput", package: "orchestrator")]),
        fuzzTarget(
            "fuzz-policy", "FuzzPolicy",
            [
                .product(name: "Config", package: "orchestrator"),
                .product(name: "Governance", package: "orchestrator"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
