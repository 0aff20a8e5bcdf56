import Foundation
import JSON
import Testing

@testable import Tools

/// Which Python the real-query tests use (`TOOLS_TEST_PYTHON`, else python3) and whether it has duckdb.
enum DuckDBAvailability {
    static let python = ProcessInfo.processInfo.environment["TOOLS_TEST_PYTHON"] ?? "python3"

    /// True under `make test` (ORCHESTRATOR_TESTS_REQUIRE_ALL=1), which installs duckdb: the tests then run, and fail
    /// if it is missing, instead of being skipped.
    static let importable: Bool = {
        if ProcessInfo.processInfo.environment["ORCHESTRATOR_TESTS_REQUIRE_ALL"] == "1" { return true }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", "import duckdb"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
}

@Suite("duckdb tool")
struct DuckDBToolTests {
    @Test("without the duckdb package the tool is unavailable and says how to install it")
    func unavailable() async throws {
        try await withFixture { fixture in
            // A python3 whose `import duckdb` fails, whether or not the real package is installed.
            let shadow = fixture.outside + "/shadow"
            try FileManager.default.createDirectory(atPath: shadow, withIntermediateDirectories: true)
            try "raise ImportError(\"No module named 'duckdb'\")\n".write(
                toFile: shadow + "/duckdb.py", atomically: true, encoding: .utf8)
            let wrapper = fixture.outside + "/python-without-duckdb"
            try "#!/bin/sh\nPYTHONPATH='\(shadow)' exec python3 \"$@\"\n".write(
                toFile: wrapper, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
            let tool = DuckDBTool(configuration: ToolConfiguration(pythonExecutable: wrapper))
            do throws(ToolError) {
                _ = try await tool.perform("query", arguments: ["sql": "SELECT 1"], context: fixture.context)
                Issue.record("the query ran without duckdb")
            } catch {
                guard case .unavailable(let message) = error else {
                    Issue.record("expected unavailable, got \(error)")
                    return
                }
                #expect(message.contains("make duckdb") && message.contains("ORCHESTRATOR_PYTHON"))
                #expect(message.contains("python3 -m pip install duckdb"))
            }
        }
    }

    @Test("SQL over CSV and JSON files by path and by table name", .enabled(if: DuckDBAvailability.importable))
    func query() async throws {
        try await withFixture(ToolConfiguration(pythonExecutable: DuckDBAvailability.python)) { fixture in
            try fixture.write("region,amount\nnorth,10\nsouth,5\nnorth,7\n", to: "data/sales.csv")
            try fixture.write("[{\"region\": \"north\", \"manager\": \"Ada\"}]", to: "data/managers.json")
            let output = try await fixture.call(
                "duckdb__query",
                [
                    "sql": .string(
                        "SELECT s.region, SUM(amount) AS total, m.manager FROM 'data/sales.csv' s "
                            + "LEFT JOIN managers m USING (region) GROUP BY ALL ORDER BY s.region"),
                    "tables": [["name": "managers", "path": "data/managers.json"]],
                ])
            #expect(output.result["rows"] == [["north", 17, "Ada"], ["south", 5, nil]])
            #expect(output.result["columns"]?[1]?["name"] == "total")
            #expect(output.result["row_count"] == 2)
            #expect(output.result["truncated"] == false)
            let capped = try await fixture.call("duckdb__query", ["sql": "SELECT * FROM range(10)", "max_rows": 3])
            #expect(capped.result["row_count"] == 3)
            #expect(capped.result["truncated"] == true)
        }
    }

    @Test(
        "SQL cannot read outside the working copy, through a symlink, or write files",
        .enabled(if: DuckDBAvailability.importable))
    func confinement() async throws {
        try await withFixture(ToolConfiguration(pythonExecutable: DuckDBAvailability.python)) { fixture in
            try "secret\n1\n".write(toFile: fixture.outside + "/secret.csv", atomically: true, encoding: .utf8)
            try fixture.symlink("alias.csv", to: fixture.outside + "/secret.csv")
            try fixture.write("a\n1\n", to: "ok.csv")
            for sql in [
                "SELECT * FROM '\(fixture.outside)/secret.csv'", "SELECT * FROM '../outside/secret.csv'",
                "SELECT * FROM 'alias.csv'", "COPY (SELECT 1) TO 'out.csv'", "SET enable_external_access = true",
            ] {
                let error = await fixture.failure("duckdb__query", ["sql": .string(sql)])
                guard case .failed(let message)? = error else {
                    Issue.record("\(sql): expected a DuckDB error, got \(String(describing: error))")
                    continue
                }
                #expect(message.contains("Permission") || message.contains("locked"), "\(sql): \(message)")
            }
            #expect(!fixture.exists("out.csv"))
            let table = await fixture.failure(
                "duckdb__query", ["sql": "SELECT 1", "tables": [["name": "t", "path": "alias.csv"]]])
            #expect(table?.isEscape("alias.csv") == true)
        }
    }

    @Test("a SQL error is reported with DuckDB's message", .enabled(if: DuckDBAvailability.importable))
    func sqlError() async throws {
        try await withFixture(ToolConfiguration(pythonExecutable: DuckDBAvailability.python)) { fixture in
            let error = await fixture.failure("duckdb__query", ["sql": "SELECT * FROM missing_table"])
            #expect(error?.description.contains("missing_table") == true)
        }
    }
}
