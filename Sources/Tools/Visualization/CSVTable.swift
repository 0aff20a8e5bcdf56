import Model

/// A CSV (or TSV) text read into a header and rows: RFC 4180 quoting, `""` escapes, CRLF or LF line ends.
struct CSVTable: Sendable {
    let header: [String]
    let rows: [[String]]

    /// Parses `text`; the delimiter is a tab when the header line has tabs and no commas, else a comma.
    init(parsing text: String) throws(ToolError) {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = firstLine.contains("\t") && !firstLine.contains(",") ? "\t" : ","
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var fieldStarted = false
        var iterator = text.makeIterator()
        var pending = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                quoted = true
                fieldStarted = true
            case delimiter:
                record.append(field)
                field = ""
                fieldStarted = true
            case "\n", "\r\n", "\r":
                if fieldStarted || !field.isEmpty || !record.isEmpty {
                    record.append(field)
                    records.append(record)
                }
                record = []
                field = ""
                fieldStarted = false
            default:
                field.append(character)
                fieldStarted = true
            }
        }
        guard !quoted else { throw .failed("the CSV data has a quoted field that is never closed") }
        if fieldStarted || !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        guard let header = records.first else { throw .failed("the CSV data is empty; it needs a header row") }
        self.header = header.map { $0.trimmedWhitespace }
        self.rows = Array(records.dropFirst())
    }

    /// Each row as a dictionary keyed by the header (missing cells are absent; extra cells are ignored).
    var records: [[String: String]] {
        rows.map { row in
            var record: [String: String] = [:]
            for (name, value) in zip(header, row) { record[name] = value }
            return record
        }
    }
}
