import JSON

/// The counts the offline QA run printed: one JSON line `{"ran": …, "failures": …, "errors": …}`.
struct OfflineTestRun: Hashable {
    var ran: Int
    var failures: Int
    var errors: Int
    var note: String?

    var passed: Bool { ran > 0 && failures == 0 && errors == 0 }

    /// Finds the counts in a tool's output: the script's stdout, itself possibly inside the tool's JSON result.
    init?(toolOutput: String) {
        var text = toolOutput
        if let result = try? JSONValue(parsing: toolOutput), let stdout = result["stdout"]?.stringValue {
            text = stdout
        }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("{") {
            guard let counts = try? JSONValue(parsing: String(line)), let ran = counts["ran"]?.integerValue else {
                continue
            }
            self.ran = Int(ran)
            failures = Int(counts["failures"]?.integerValue ?? 0)
            errors = Int(counts["errors"]?.integerValue ?? 0)
            note = counts["note"]?.stringValue
            return
        }
        return nil
    }
}
