/// A plain text table: columns padded to their widest cell, no escape codes.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    func render(indent: String = "") -> String {
        let all = [header] + rows
        var widths = header.map { _ in 0 }
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index])
            }
            return indent + cells.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string padded with spaces to `length` characters (never cut).
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}

/// Human-readable durations and sizes.
enum Human {
    static func duration(_ milliseconds: Double?) -> String {
        guard let milliseconds else { return "-" }
        if milliseconds < 1 { return "<1 ms" }
        if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return "\(Double(Int(seconds * 10)) / 10) s" }
        return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }

    static func bytes(_ count: Int64) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(Double(Int(value * 10)) / 10) \(units[unit])"
    }
}
