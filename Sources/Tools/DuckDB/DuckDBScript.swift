import JSON

/// The Python program behind the `duckdb` tool: it opens an in-memory database, exposes the named tables,
/// locks file access down to the allowed files, runs the SQL and prints one JSON object.
///
/// File access is DuckDB's own: `allowed_paths` lists the data files found in the working copy (found
/// without following symlinks), then `enable_external_access = false` and `lock_configuration = true`
/// keep the SQL from reading, writing, attaching or installing anything else.
enum DuckDBScript {
    static func source(request: JSONValue) -> String {
        // A JSON string is a valid Python string literal, so the request travels inside the program text.
        let literal = JSONValue.string(request.jsonString()).jsonString()
        return "REQUEST_JSON = \(literal)\n" + body
    }

    private static let body = """
        import json, sys, math, datetime, decimal, uuid

        def emit(payload):
            sys.stdout.write(json.dumps(payload))
            sys.stdout.flush()

        try:
            import duckdb
        except Exception as error:
            emit({"unavailable": "%s: %s" % (type(error).__name__, error)})
            sys.exit(0)

        request = json.loads(REQUEST_JSON)

        def cell(value):
            if value is None or isinstance(value, (bool, int)):
                return value
            if isinstance(value, str):
                return value if len(value) <= 4000 else value[:4000] + "…"
            if isinstance(value, float):
                return value if math.isfinite(value) else str(value)
            if isinstance(value, decimal.Decimal):
                number = float(value)
                return number if math.isfinite(number) else str(value)
            if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
                return value.isoformat()
            if isinstance(value, (datetime.timedelta, uuid.UUID)):
                return str(value)
            if isinstance(value, (bytes, bytearray, memoryview)):
                return bytes(value).hex()
            if isinstance(value, (list, tuple)):
                return [cell(item) for item in value]
            if isinstance(value, dict):
                return {str(key): cell(item) for key, item in value.items()}
            return str(value)

        def quoted(text):
            return "'" + text.replace("'", "''") + "'"

        try:
            con = duckdb.connect(":memory:")
            con.execute("SET threads = 2")
            con.execute("SET memory_limit = " + quoted(request["memory_limit"]))
            for table in request["tables"]:
                name = '"' + table["name"].replace('"', '""') + '"'
                con.execute("CREATE VIEW %s AS SELECT * FROM %s(%s)" % (name, table["reader"], quoted(table["file"])))
            con.execute("SET allowed_paths = ?", [request["allowed"]])
            con.execute("SET autoinstall_known_extensions = false")
            con.execute("SET autoload_known_extensions = false")
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            cursor = con.execute(request["sql"])
            columns = [{"name": d[0], "type": str(d[1])} for d in (cursor.description or [])]
            cap = request["max_rows"]
            rows = cursor.fetchmany(cap + 1) if columns else []
            emit({
                "columns": columns,
                "rows": [[cell(value) for value in row] for row in rows[:cap]],
                "truncated": len(rows) > cap,
            })
        except duckdb.Error as error:
            emit({"error": "%s: %s" % (type(error).__name__, error)})
        """
}
