import Foundation
import JSON
import Testing

@testable import Tools

/// A hard link in the working copy to a file outside it passes every path rule (it is a regular file, not a
/// symlink, and its path is inside), so the tools that read files refuse files with more than one link.
@Suite("hard links")
struct HardLinkTests {
    static let secret = "region,amount\nsecret-north,1000000\n"

    /// `outside/secret.csv`, hard-linked into the working copy at `relative`.
    static func plant(_ fixture: ToolFixture, at relative: String) throws {
        try secret.write(toFile: fixture.outside + "/secret.csv", atomically: false, encoding: .utf8)
        let link = fixture.workingCopy + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.linkItem(atPath: fixture.outside + "/secret.csv", toPath: link)
    }

    static func refusal(_ relative: String) -> ToolError {
        .notAllowed(
            "'\(relative)' has 2 hard links: one of them may be outside the working copy, so tools do not read "
                + "files with more than one link (copy the file to read it)")
    }

    @Test("file_system read and edit refuse a hard link to a file outside")
    func fileSystem() async throws {
        try await withFixture { fixture in
            try Self.plant(fixture, at: "notes/data.csv")
            #expect(
                await fixture.failure("file_system__read", ["path": "notes/data.csv"]) == Self.refusal("notes/data.csv")
            )
            #expect(
                await fixture.failure("file_system__read", ["path": "notes/data.csv", "start_line": 1, "end_line": 2])
                    == Self.refusal("notes/data.csv"))
            #expect(
                await fixture.failure("file_system__edit", ["path": "notes/data.csv", "old": "secret", "new": "open"])
                    == Self.refusal("notes/data.csv"))
            let outside = try String(contentsOfFile: fixture.outside + "/secret.csv", encoding: .utf8)
            #expect(outside == Self.secret, "the file outside is unchanged")
            try fixture.write("mine\n", to: "own.txt")
            let own = try await fixture.call("file_system__read", ["path": "own.txt"])
            #expect(own.result["content"] == "mine\n", "a file with one link is read as before")
        }
    }

    @Test("visualization refuses a data_path that is a hard link")
    func visualization() async throws {
        try await withFixture { fixture in
            try Self.plant(fixture, at: "data.csv")
            let error = await fixture.failure(
                "visualization__chart",
                ["kind": "bar", "data_path": "data.csv", "x": "region", "y": "amount", "output": "chart.svg"])
            #expect(error == Self.refusal("data.csv"))
            #expect(!fixture.exists("chart.svg"))
        }
    }

    @Test("duckdb refuses a table whose file is a hard link")
    func duckDBTable() async throws {
        try await withFixture { fixture in
            try Self.plant(fixture, at: "data/sales.csv")
            let error = await fixture.failure(
                "duckdb__query",
                ["sql": "SELECT * FROM sales", "tables": [["name": "sales", "path": "data/sales.csv"]]])
            #expect(error == Self.refusal("data/sales.csv"))
        }
    }

    @Test("duckdb SQL cannot read a hard link by path either", .enabled(if: DuckDBAvailability.importable))
    func duckDBPath() async throws {
        try await withFixture(ToolConfiguration(pythonExecutable: DuckDBAvailability.python)) { fixture in
            try Self.plant(fixture, at: "data/sales.csv")
            try fixture.write("region,amount\nsouth,5\n", to: "data/own.csv")
            let own = try await fixture.call("duckdb__query", ["sql": "SELECT amount FROM 'data/own.csv'"])
            #expect(own.result["rows"] == [[5]])
            let error = await fixture.failure("duckdb__query", ["sql": "SELECT * FROM read_csv_auto('data/sales.csv')"])
            guard case .failed(let message)? = error else {
                Issue.record("expected a DuckDB error, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Permission Error"), "\(message)")
            #expect(!message.contains("secret-north"))
        }
    }
}
