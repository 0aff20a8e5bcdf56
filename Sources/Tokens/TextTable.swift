/// Plain-text columns for terminal output: left-aligned labels, right-aligned numbers, padded to the widest cell.
struct TextTable {
    /// How a column lines up.
    enum Alignment {
        case left
        case right
    }

    let headers: [String]
    let alignments: [Alignment]
    var rows: [[String]] = []

    /// The table as lines joined by newlines, headers first, no trailing spaces.
    func rendered() -> String {
        let all = [self.headers] + self.rows
        let widths = self.headers.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return all.map { row in
            let cells = self.headers.indices.map { column -> String in
                let cell = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return self.alignments[column] == .right ? padding + cell : cell + padding
            }
            return String(cells.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }
}
