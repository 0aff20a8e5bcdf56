/// The offline author's artifacts that are data, not prose: each in the format its extension names, so an `.svg`
/// is an image, a `.json` parses, and the checkpoint's content check has nothing to object to.
struct OfflineDataFiles {
    let author: OfflineAuthor

    private var brief: TaskBrief { author.brief }

    /// The body for a data file's extension, or nil when the extension is not one of these.
    func body(forExtension pathExtension: String, title: String) -> String? {
        switch pathExtension {
        case "svg": diagram(title: title)
        case "json": json
        case "yaml", "yml": yaml
        case "csv": csv
        default: nil
        }
    }

    /// The data flow of the architecture as boxes and arrows, left to right, in plain SVG 1.1.
    func diagram(title: String) -> String {
        var stages = ["observations", "store", author.module]
        let consumers = [author.domain.dashboard ? "dashboard" : nil, author.domain.api ? "api" : nil].compactMap { $0 }
        stages.append(consumers.isEmpty ? "consumers" : consumers.joined(separator: " + "))
        let box = (width: 150, height: 44, gap: 50)
        let width = stages.count * box.width + (stages.count - 1) * box.gap + 40
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="150" viewBox="0 0 \(width) 150" \
            role="img" aria-label="\(Self.escaped(title))">
              <title>\(Self.escaped(brief.projectName)): \(Self.escaped(title))</title>
              <desc>\(Self.escaped(author.notice))</desc>
              <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" \
            orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>
              <text x="20" y="28" font-family="sans-serif" font-size="16">\(Self.escaped(brief.projectName)): data flow</text>

            """
        for (index, stage) in stages.enumerated() {
            let x = 20 + index * (box.width + box.gap)
            svg += "  <rect x=\"\(x)\" y=\"60\" width=\"\(box.width)\" height=\"\(box.height)\" rx=\"6\" "
            svg += "fill=\"#eef3fb\" stroke=\"#36c\"/>\n"
            svg += "  <text x=\"\(x + box.width / 2)\" y=\"87\" text-anchor=\"middle\" font-family=\"sans-serif\" "
            svg += "font-size=\"13\">\(Self.escaped(stage))</text>\n"
            if index + 1 < stages.count {
                let from = x + box.width
                svg += "  <line x1=\"\(from)\" y1=\"82\" x2=\"\(from + box.gap)\" y2=\"82\" stroke=\"#444\" "
                svg += "marker-end=\"url(#arrow)\"/>\n"
            }
        }
        return svg + "</svg>\n"
    }

    private var json: String {
        let requirements = brief.requirements.map { "    \(Self.jsonString($0))" }.joined(separator: ",\n")
        return """
            {
              "project": \(Self.jsonString(brief.projectName)),
              "note": \(Self.jsonString(author.notice)),
              "requirements": [
            \(requirements)
              ]
            }

            """
    }

    private var yaml: String {
        // JSON strings are YAML double-quoted scalars: one escaping serves both.
        "# \(author.notice)\nproject: \(Self.jsonString(brief.projectName))\nrequirements:\n"
            + brief.requirements.map { "  - \(Self.jsonString($0))\n" }.joined()
    }

    private var csv: String {
        "id,requirement\n"
            + brief.requirements.enumerated().map { "REQ-\($0.offset + 1),\(Self.csvField($0.element))\n" }.joined()
    }

    /// Text for XML character data and attribute values.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A JSON string literal (control characters escaped as \u00XX).
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
