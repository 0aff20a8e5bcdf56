// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "orchestrator",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "orchestrator", targets: ["orchestrator"]),
        .library(name: "Config", targets: ["Config"]),
        .library(name: "Snapshots", targets: ["Snapshots"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Tools", targets: ["Tools"]),
        .library(name: "JSON", targets: ["JSON"]),
        // For the fuzz targets (Fuzz/), which reach each parser of outside input.
        .library(name: "JSONRPC", targets: ["JSONRPC"]),
        .library(name: "Providers", targets: ["Providers"]),
        .library(name: "Governance", targets: ["Governance"]),
        .library(name: "LintOutput", targets: ["LintOutput"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.3.0"),
        // Without its Foundation trait: that would link all of Foundation (and ICU) into the binary, for nothing we use.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Headers only: hiredis is loaded when a process first talks to Redis (see Sources/CHiredis/shim.h).
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // Headers only: libcurl itself is loaded at the first HTTP call (see Sources/CCurl/shim.h).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Headers only: libpq itself is loaded when a PostgreSQL store is opened (see Sources/CPostgres/shim.h).
        .systemLibrary(
            name: "CPostgres",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "Model"),
        .target(name: "JSON"),
        .target(name: "CrashPoints"),
        .target(name: "Glob"),
        .target(
            name: "Config",
            dependencies: [
                "Model",
                "CYAML",
                "JSON",
            ],
            exclude: ["Resources"]
        ),
        .target(
            name: "Editor",
            dependencies: [
                "Config",
                "Model",
                "Skills",
            ]
        ),
        .target(
            name: "StorePort",
            dependencies: [
                "Model"
            ]
        ),
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Model",
                "StorePort",
                "CSQLite",
            ]
        ),
        .target(
            name: "PostgresStore",
            dependencies: [
                "Model",
                "StorePort",
                "CPostgres",
            ]
        ),
        .target(
            name: "Snapshots",
            dependencies: [
                "CrashPoints",
                "Glob",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Providers",
            dependencies: [
                "Model",
                "JSON",
                "CCurl",
                "Processes",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "SharedCache",
            dependencies: [
                "CHiredis",
                "Model",
                "Providers",
                "Tokens",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Tokens",
            dependencies: [
                "CrashPoints",
                "Model",
                "JSON",
            ]
        ),
        .target(
            name: "Processes",
            dependencies: [
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "LintOutput",
            dependencies: [
                "Model",
                "JSON",
            ]
        ),
        .target(
            name: "Governance",
            dependencies: [
                "Config",
                "Glob",
                "LintOutput",
                "Model",
                "JSON",
                "Processes",
                "Snapshots",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Skills",
            dependencies: [
                "Config",
                "Model",
            ],
            exclude: ["Resources"]
        ),
        .target(
            name: "Tools",
            dependencies: [
                "Config",
                "CrashPoints",
                "Glob",
                "LintOutput",
                "Model",
                "JSON",
                "Processes",
            ]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "Config",
                "CrashPoints",
                "Glob",
                "Governance",
                "Model",
                "JSON",
                "Processes",
                "Providers",
                "Skills",
                "Snapshots",
                "StorePort",
                "Tokens",
                "Tools",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "JSONRPC",
            dependencies: [
                "JSON",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Config",
                "Editor",
                "Engine",
                "Governance",
                "JSONRPC",
                "Model",
                "Processes",
                "StorePort",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "orchestrator",
            dependencies: [
                "Config",
                "Engine",
                "Governance",
                "JSON",
                "JSONRPC",
                "Model",
                "Processes",
                "PostgresStore",
                "Providers",
                "Server",
                "SharedCache",
                "SQLiteStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The release binary is position independent but needs no symbol table for the dynamic
            // linker: packed relative relocations (DT_RELR, 14 KB instead of 1.7 MB of RELA entries)
            // and no exported symbols (485 instead of 24,000) spare every process, and the daemon's
            // idle memory, the pages the loader would read for them (2.6 MB of RSS).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
                        "--no-export-dynamic",
                    ],
                    .when(platforms: [.linux], configuration: .release)
                )
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "Model"
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ModelTests",
            dependencies: [
                "Model"
            ]
        ),
        .testTarget(
            name: "GlobTests",
            dependencies: [
                "Glob"
            ]
        ),
        .testTarget(
            name: "JSONTests",
            dependencies: [
                "JSON"
            ]
        ),
        .testTarget(
            name: "ConfigTests",
            dependencies: [
                "Config",
                "Model",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "EditorTests",
            dependencies: [
                "Editor",
                "Config",
                "Model",
                "Skills",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: [
                "SQLiteStore",
                "StorePort",
                "Model",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "PostgresStoreTests",
            dependencies: [
                "PostgresStore",
                "SQLiteStore",
                "StorePort",
                "Model",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                "StorePort",
                "PostgresStore",
                "SQLiteStore",
                "Model",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "SnapshotsTests",
            dependencies: [
                "Snapshots",
                "Glob",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "ProvidersTests",
            dependencies: [
                "Providers",
                "Config",
                "Engine",
                "JSON",
                "Model",
                "SQLiteStore",
                "StorePort",
                "TestSupport",
                "Tools",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "TokensTests",
            dependencies: [
                "Tokens",
                "Model",
                "JSON",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "SharedCacheTests",
            dependencies: [
                "Providers",
                "SharedCache",
                "TestSupport",
                "Tokens",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ProcessesTests",
            dependencies: [
                "Processes",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "LintOutputTests",
            dependencies: [
                "LintOutput",
                "JSON",
            ]
        ),
        .testTarget(
            name: "GovernanceTests",
            dependencies: [
                "Governance",
                "Config",
                "Glob",
                "Model",
                "Snapshots",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "SkillsTests",
            dependencies: [
                "Skills",
                "Config",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "ToolsTests",
            dependencies: [
                "Tools",
                "JSON",
                "Processes",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine",
                "Config",
                "Glob",
                "Governance",
                "JSON",
                "Model",
                "Processes",
                "Providers",
                "Skills",
                "Snapshots",
                "SQLiteStore",
                "StorePort",
                "TestSupport",
                "Tokens",
                "Tools",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "JSONRPCTests",
            dependencies: [
                "JSONRPC",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server",
                "Engine",
                .product(name: "Logging", package: "swift-log"),
                "JSONRPC",
                "Config",
                "Editor",
                "Governance",
                "Model",
                "SQLiteStore",
                "StorePort",
            ]
        ),
        .testTarget(
            name: "OrchestratorCLITests",
            dependencies: [
                "orchestrator",
                "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
