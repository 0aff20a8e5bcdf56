import JSON
import Processes

/// SQL over CSV, Parquet and JSON files in the working copy, through the `duckdb` Python package.
public struct DuckDBTool: Tool {
    /// The tool's id.
    public static let id = "duckdb"

    /// How to get the package when it is missing.
    public static let installHint =
        "run `make duckdb` in the orchestrator checkout and set ORCHESTRATOR_PYTHON to the Python it prints, "
        + "or `python3 -m pip install duckdb`"

    /// File extensions DuckDB may read, with the table function that reads each.
    static let readers: [String: String] = [
        "csv": "read_csv_auto", "tsv": "read_csv_auto", "txt": "read_csv_auto", "parquet": "read_parquet",
        "json": "read_json_auto", "jsonl": "read_json_auto", "ndjson": "read_json_auto",
    ]

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.configuration = configuration
        self.descriptor = Self.makeDescriptor(configuration)
    }

    /// Runs `query`; SQL errors are thrown as `failed` with DuckDB's message.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        guard action == "query" else { throw .unknownAction(tool: Self.id, action: action) }
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        let root = try WorkingCopyPath.resolve(".", in: context.workingCopy, for: .read)
        var tables: [JSONValue] = []
        for (index, table) in (arguments["tables"]?.arrayValue ?? []).enumerated() {
            guard let name = table["name"]?.stringValue, let file = table["path"]?.stringValue else {
                throw arguments.invalid("/tables/\(index): needs 'name' and 'path'")
            }
            let path = try WorkingCopyPath.resolve(file, in: root.root, for: .read)
            guard let info = FileIO.info(path.absolute) else { throw .failed("'\(path.display)' does not exist") }
            try FileIO.refuseHardLinks(info.links, path)
            let suffix = path.relative.split(separator: ".").last.map { $0.lowercased() } ?? ""
            tables.append([
                "name": .string(name), "file": .string(path.absolute),
                "reader": .string(Self.readers[suffix] ?? "read_csv_auto"),
            ])
        }
        let cap = min(try arguments.integer("max_rows") ?? configuration.queryRowCap, configuration.queryRowCap)
        let request: JSONValue = [
            "sql": .string(try arguments.string("sql")), "tables": .array(tables),
            "allowed": .array(try Self.dataFiles(in: root).map { .string($0) }),
            "max_rows": .integer(Int64(cap)), "memory_limit": .string(configuration.duckDBMemoryLimit),
        ]
        var launcher = PythonLauncher(configuration: configuration, tool: Self.id)
        // The rows travel as one JSON document, which must arrive whole to be read.
        launcher.configuration.outputCapBytes = max(configuration.outputCapBytes, 8 << 20)
        let outcome = try await launcher.run(
            .code(DuckDBScript.source(request: request)), workingCopy: root.root, timeoutSeconds: 110,
            memoryLimitBytes: configuration.pythonMemoryLimitBytes)
        return ToolOutput(result: try Self.result(outcome, cap: cap))
    }

    static func result(_ outcome: ProcessOutcome, cap: Int) throws(ToolError) -> JSONValue {
        guard !outcome.stdoutTruncated else {
            throw .failed("the query result is too large to return; select fewer rows or columns")
        }
        guard let reply = try? JSONValue(parsing: outcome.stdout), case .object(let members) = reply else {
            throw .failed("duckdb ended with exit code \(outcome.exitCode): \(String(outcome.stderr.suffix(1500)))")
        }
        if let reason = members["unavailable"]?.stringValue {
            throw .unavailable("the duckdb tool needs the duckdb Python package (\(reason)); \(installHint)")
        }
        if let error = members["error"]?.stringValue { throw .failed(error) }
        let rows = members["rows"]?.arrayValue ?? []
        return [
            "columns": members["columns"] ?? [], "rows": .array(rows), "row_count": .integer(Int64(rows.count)),
            "truncated": members["truncated"] ?? false,
        ]
    }

    /// Absolute paths of the data files in the working copy, found without following symlinks and leaving out
    /// files with more than one hard link; these are the only files the SQL may read.
    static func dataFiles(in root: WorkingCopyPath) throws(ToolError) -> [String] {
        var found: [String] = []
        var pending = [root]
        var visited = 0
        while let directory = pending.popLast(), found.count < 10_000, visited < 200_000 {
            for name in try FileIO.entries(directory.absolute) {
                visited += 1
                let child = directory.appending(name)
                if directory.relative.isEmpty, name == ".orchestrator" || name == ".git" { continue }
                let info = FileIO.info(child.absolute)
                switch info?.kind {
                case .directory?: pending.append(child)
                case .file? where info?.links == 1:
                    let suffix = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
                    if name.contains("."), readers[suffix] != nil { found.append(child.absolute) }
                default: break
                }
            }
        }
        return found.sorted()
    }
}
