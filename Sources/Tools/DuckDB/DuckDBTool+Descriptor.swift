import JSON

extension DuckDBTool {
    static func makeDescriptor(_ configuration: ToolConfiguration) -> ToolDescriptor {
        typealias S = SchemaLiteral
        return ToolDescriptor(
            id: id,
            description: "SQL (DuckDB) over CSV, Parquet and JSON files in your working copy.",
            actions: [
                ToolActionDescriptor(
                    name: "query",
                    description:
                        "Run SQL. Read files by relative path, e.g. SELECT * FROM 'data/sales.csv', or name them in "
                        + "'tables' and query the names. Results come back as rows (capped).",
                    parameters: S.object(
                        [
                            "sql": S.string(
                                "The SQL; with several statements, the last one's rows are returned.",
                                minLength: 1),
                            "tables": S.array(
                                S.object(
                                    [
                                        "name": S.string(
                                            "The view name to query.", pattern: "^[A-Za-z_][A-Za-z0-9_]{0,62}$"),
                                        "path": S.string("A .csv, .tsv, .parquet or .json file.", minLength: 1),
                                    ], required: ["name", "path"]),
                                "Files to expose as views."),
                            "max_rows": S.integer(
                                "Return at most this many rows (default and limit \(configuration.queryRowCap)).",
                                minimum: 1, maximum: configuration.queryRowCap),
                        ], required: ["sql"]),
                    result: S.object(
                        [
                            "columns": S.array(
                                S.object(
                                    ["name": S.string("Column name."), "type": S.string("DuckDB type.")],
                                    required: ["name", "type"], closed: false),
                                "The result's columns."),
                            "rows": S.array(S.array(S.any("A cell."), "A row."), "The rows, each a list of cells."),
                            "row_count": S.integer("Rows returned."),
                            "truncated": S.boolean("Whether more rows existed than were returned."),
                        ], required: ["columns", "rows", "row_count", "truncated"], closed: false),
                    timeoutSeconds: 120)
            ],
            safety: [
                SandboxDescription.line(configuration, tool: id),
                "Runs in a separate Python process with an in-memory database; nothing is written.",
                "The SQL can read only the data files found in the working copy (not through symlinks, not "
                    + "files with more than one hard link, not .orchestrator/); writing files, ATTACH, INSTALL and changing settings are refused by DuckDB.",
                "DuckDB memory limit \(configuration.duckDBMemoryLimit), 2 threads, 110 s.",
                "Needs the duckdb Python package: \(installHint).",
            ])
    }
}
