import Config
import Model

/// Renders diagnostics as compilers do: `file:line:col: error: message [code]`, the source line, a caret.
struct TextDiagnosticRenderer {
    var colors: Bool

    func render(_ reports: [FileReport]) -> String {
        var output = ""
        var errors = 0
        var warnings = 0
        var failingFiles = 0
        for report in reports {
            let diagnostics = report.validation.diagnostics
            if diagnostics.contains(where: { $0.severity == .error }) { failingFiles += 1 }
            for diagnostic in diagnostics {
                switch diagnostic.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                default: break
                }
                output += render(diagnostic, path: report.file.displayPath, text: report.validation.text)
            }
        }
        let files = "\(reports.count) file\(reports.count == 1 ? "" : "s")"
        if errors == 0 && warnings == 0 {
            output += "\(files) checked, no problems\n"
        } else {
            output += "\(files) checked: \(count(errors, "error")), \(count(warnings, "warning"))"
            output += failingFiles > 0 ? " (errors in \(failingFiles))\n" : "\n"
        }
        return output
    }

    func render(_ diagnostic: Diagnostic, path: String, text: SourceText) -> String {
        let start = diagnostic.range.start
        let label = paint(diagnostic.severity.description + ":", color: color(of: diagnostic.severity))
        var output = "\(paint("\(path):\(start.line + 1):\(start.scalarColumn + 1):", color: "1")) \(label) "
        output += "\(diagnostic.message) [\(diagnostic.code)]\n"
        if start.line < text.lineCount, !text.bytes.isEmpty {
            output += snippet(diagnostic.range, text: text)
        }
        for related in diagnostic.related {
            let position = related.range.start
            let where_ = related.file ?? path
            output += "\(where_):\(position.line + 1):\(position.scalarColumn + 1): note: \(related.message)\n"
        }
        return output
    }

    private static func text(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// The source line and a caret line under the range (`^~~~`), aligned for wide characters.
    ///
    /// A long line is cut to a window around the range, and a line with control characters (a binary
    /// file) is not shown at all. Only the window is decoded: when every problem of a file sits on one long line
    /// (a 900 KB flow list of duplicates), decoding the whole line for each made the output quadratic.
    private func snippet(_ range: SourceRange, text: SourceText) -> String {
        let bytes = text.lineBytes(range.start.line)
        let maximum = 100
        let before = 20
        var from = bytes.startIndex
        var startColumn = range.start.scalarColumn
        var prefix = ""
        if startColumn > maximum - before {
            from = min(bytes.startIndex + range.start.utf8Column, bytes.endIndex)
            var stepped = 0
            while stepped < before, from > bytes.startIndex {
                from -= 1
                if !Self.isContinuation(bytes[from]) { stepped += 1 }
            }
            prefix = "…"
            startColumn = stepped
        }
        // One scalar more than is shown, to know whether the line goes on.
        var to = from
        var scalars = 0
        while to < bytes.endIndex, scalars <= maximum {
            to += 1
            while to < bytes.endIndex, Self.isContinuation(bytes[to]) { to += 1 }
            scalars += 1
        }
        var shown = Array(String(decoding: bytes[from..<to], as: UTF8.self).unicodeScalars)
        if shown.contains(where: { $0.value < 0x20 && $0 != "\t" || $0 == "\u{FFFD}" }) { return "" }
        var suffix = ""
        if shown.count > maximum {
            shown.removeLast(shown.count - maximum)
            suffix = "…"
        }
        startColumn = min(startColumn, shown.count)
        let skipped = range.start.scalarColumn - startColumn
        let endColumn =
            range.end.line == range.start.line
            ? min(max(range.end.scalarColumn - skipped, startColumn), shown.count) : shown.count
        var caret = prefix.isEmpty ? "" : " "
        // Widths are taken per character (grapheme cluster), so a ZWJ sequence or a flag is two columns, once.
        for character in Self.text(shown[..<startColumn]) {
            caret += character == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of(character))
        }
        let underlined = DisplayWidth.of(Self.text(shown[startColumn..<max(startColumn, endColumn)]))
        caret += "^" + String(repeating: "~", count: max(0, underlined - 1))
        var lineText = prefix
        lineText.unicodeScalars.append(contentsOf: shown)
        return "    \(lineText)\(suffix)\n    \(paint(caret, color: "32"))\n"
    }

    /// Whether a byte continues a UTF-8 sequence (10xxxxxx) rather than starting a scalar.
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    private func color(of severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "1;31"
        case .warning: "1;35"
        case .information, .hint: "1;36"
        }
    }

    private func paint(_ text: String, color: String) -> String {
        colors ? "\u{1B}[\(color)m\(text)\u{1B}[0m" : text
    }

    private func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
