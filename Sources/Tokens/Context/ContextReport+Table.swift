extension ContextReport {
    /// The report as a plain-text table: padded columns, numbers right-aligned, one line per strategy.
    public func table() -> String {
        let header = ["strategy", "tokens without", "tokens with", "saved", "ratio"]
        let body = rows.map { row in
            [row.strategy.title, "\(row.tokensWithout)", "\(row.tokensWith)", "\(row.saved)", Self.format(row.ratio)]
        }
        let widths = header.indices.map { column in
            ([header] + body).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - cells[column].count)
                return column == 0 ? cells[column] + padding : padding + cells[column]
            }.joined(separator: "  ")
        }
        var lines = [line(header)] + body.map(line)
        if let cache = summaryCache {
            lines.append(
                "summary cache: \(cache.hits) \(cache.hits == 1 ? "hit" : "hits"), "
                    + "\(cache.misses) \(cache.misses == 1 ? "miss" : "misses"), "
                    + "\(cache.writeFailures) failed \(cache.writeFailures == 1 ? "write" : "writes")")
        }
        return lines.map { Self.trimmingTrailingSpaces($0) }.joined(separator: "\n") + "\n"
    }

    /// `4.0x`, to one decimal; `-` when there is no ratio.
    static func format(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return "-" }
        let tenths = Int((ratio * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)x"
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        var trimmed = line
        while trimmed.last == " " { trimmed.removeLast() }
        return trimmed
    }
}
