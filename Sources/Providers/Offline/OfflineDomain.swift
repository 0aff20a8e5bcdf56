/// The small data model the offline author derives from the requirements' words, shared by the schema,
/// the data dictionary and the source so that they agree.
struct OfflineDomain {
    /// One table of the derived schema.
    struct Table {
        var name: String
        var purpose: String
        var columns: [(name: String, type: String, description: String)]
    }

    let forecasting: Bool
    let dashboard: Bool
    let api: Bool
    let tables: [Table]

    init(requirements: [String]) {
        let words = requirements.joined(separator: " ").lowercased()
        forecasting = ["forecast", "predict", "time series", "demand"].contains { words.contains($0) }
        dashboard = ["dashboard", "report", "kpi", "chart"].contains { words.contains($0) }
        api = ["api", "endpoint"].contains { words.contains($0) }
        var tables = [
            Table(
                name: "requirement", purpose: "Each requirement of the intake and whether it is met.",
                columns: [
                    ("id", "INTEGER PRIMARY KEY", "Position of the requirement in the intake, from 1."),
                    ("text", "TEXT NOT NULL", "The requirement as the intake states it."),
                    ("status", "TEXT NOT NULL DEFAULT 'open'", "open, met or waived."),
                ])
        ]
        if forecasting {
            tables.append(
                Table(
                    name: "observation", purpose: "Measured values of each time series, one row per period.",
                    columns: [
                        ("series_id", "TEXT NOT NULL", "Which series (for example a product or a region)."),
                        ("period", "INTEGER NOT NULL", "Period index, consecutive from 0."),
                        ("value", "REAL NOT NULL", "The measured value."),
                    ]))
            tables.append(
                Table(
                    name: "forecast", purpose: "Predicted values of each series, with the method that produced them.",
                    columns: [
                        ("series_id", "TEXT NOT NULL", "The series forecast."),
                        ("period", "INTEGER NOT NULL", "The future period index."),
                        ("value", "REAL NOT NULL", "The predicted value."),
                        ("method", "TEXT NOT NULL", "How it was computed, for example moving_average(3)."),
                    ]))
        }
        if dashboard {
            tables.append(
                Table(
                    name: "dashboard_metric", purpose: "The figures the executive dashboard shows.",
                    columns: [
                        ("name", "TEXT PRIMARY KEY", "The metric's name as displayed."),
                        ("description", "TEXT NOT NULL", "What it measures."),
                        ("query", "TEXT NOT NULL", "The SQL that computes it."),
                    ]))
        }
        if api {
            tables.append(
                Table(
                    name: "api_endpoint", purpose: "Documented endpoints of the service.",
                    columns: [
                        ("method", "TEXT NOT NULL", "HTTP method."),
                        ("path", "TEXT NOT NULL", "URL path."),
                        ("description", "TEXT NOT NULL", "What the endpoint returns."),
                    ]))
        }
        self.tables = tables
    }

    /// `CREATE TABLE` statements for the derived tables.
    var schemaSQL: String {
        tables.map { table in
            let columns = table.columns.map { "    \($0.name) \($0.type)" }.joined(separator: ",\n")
            return "-- \(table.purpose)\nCREATE TABLE \(table.name) (\n\(columns)\n);\n"
        }.joined(separator: "\n")
    }
}
