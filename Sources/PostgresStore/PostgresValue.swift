/// A value bound to a statement parameter, in PostgreSQL's text format: the server reads it as the type of the place
/// it stands in (a column, a comparison). nil is SQL NULL.
protocol PostgresBindable {
    var postgresText: String? { get }
}

extension Int64: PostgresBindable {
    var postgresText: String? { String(self) }
}

extension Int: PostgresBindable {
    var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    var postgresText: String? { String(self) }
}

extension Double: PostgresBindable {
    /// Swift prints the shortest text that reads back as the same double, and `inf`/`nan` as PostgreSQL spells them.
    var postgresText: String? { String(self) }
}

extension String: PostgresBindable {
    var postgresText: String? { self }
}

extension Bool: PostgresBindable {
    var postgresText: String? { self ? "true" : "false" }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    var postgresText: String? { self?.postgresText ?? nil }
}
