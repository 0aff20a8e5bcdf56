import JSON

/// The counts the offline QA run printed: one JSON line `{"ran": …, "failures": …, "errors": …}`.
struct OfflineTestRun: Hashable {
    var ran: Int
    var failures: Int
    var errors: Int
    var note: String?
    /// Line coverage of `src/`, when the run measured any.
    var coverage: Coverage?

    /// Lines instrumented and run, and the LCOV report of them.
    struct Coverage: Hashable {
        var linesFound: Int
        var linesHit: Int
        var lcov: String

        /// The percentage with one decimal, as the QA report prints it.
        var percentText: String {
            let tenths = (linesHit * 1000 + linesFound / 2) / max(linesFound, 1)
            return "\(tenths / 10).\(tenths % 10)%"
        }
    }

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
            if let measured = counts["coverage"], let found = measured["lines_found"]?.integerValue,
                let hit = measured["lines_hit"]?.integerValue, let lcov = measured["lcov"]?.stringValue
            {
                coverage = Coverage(linesFound: Int(found), linesHit: Int(hit), lcov: lcov)
            }
            return
        }
        return nil
    }
}
