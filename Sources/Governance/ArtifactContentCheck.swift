import Config
import JSON
import Model

/// Whether an artifact holds what its extension says: an `.svg` that is Markdown satisfies a glob, not a reader.
///
/// Four formats are checked, each as far as a reader would notice: SVG (text whose first element is `<svg>`),
/// JSON (parses), YAML (parses; much prose is also valid YAML, so only what does not parse is caught) and CSV
/// (every non-blank record has as many fields as the first, quotes closed). Other extensions are not judged.
public enum ArtifactContentCheck {
    /// Files larger than this (4 MiB) are not read, and not judged.
    public static let maximumSize = 4 * 1024 * 1024

    /// Why the file at `relative` under `workspace` does not hold what its extension says; nil when it does, when
    /// its extension is not one of the four, or when it cannot be read (the snapshot has it; that is enough here).
    public static func problem(at relative: String, in workspace: String) -> String? {
        guard Format(path: relative) != nil else { return nil }
        guard case .bytes(let bytes) = try? GateFileReader.contents(of: relative, in: workspace, limit: maximumSize)
        else { return nil }
        return problem(path: relative, bytes: bytes)
    }

    /// Why `bytes` are not what the extension of `path` says; nil when they are or the extension is not judged.
    public static func problem(path: String, bytes: [UInt8]) -> String? {
        guard let format = Format(path: path) else { return nil }
        guard let reason = format.problem(in: bytes) else { return nil }
        return "\(path) is not \(format.name): \(reason)"
    }

    /// The formats judged, by extension.
    enum Format {
        case svg, json, yaml, csv

        init?(path: String) {
            let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
            switch name[name.index(after: dot)...] {
            case "svg": self = .svg
            case "json": self = .json
            case "yaml", "yml": self = .yaml
            case "csv": self = .csv
            default: return nil
            }
        }

        var name: String {
            switch self {
            case .svg: "SVG"
            case .json: "JSON"
            case .yaml: "YAML"
            case .csv: "CSV"
            }
        }

        func problem(in bytes: [UInt8]) -> String? {
            var body = bytes[...]
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            guard !body.contains(0), let text = String(validating: body, as: UTF8.self) else {
                return "it is not UTF-8 text"
            }
            switch self {
            case .svg: return ArtifactContentCheck.svgProblem(text)
            case .json:
                if text.allSatisfy(\.isWhitespace) { return "it is empty" }
                do {
                    _ = try JSONValue(parsing: text)
                    return nil
                } catch {
                    return error.description
                }
            case .yaml:
                let parsed = YAMLParser.parse(Array(body))
                guard let error = parsed.diagnostics.first(where: { $0.severity == .error }) else { return nil }
                return "line \(error.range.start.line + 1): \(error.message)"
            case .csv: return ArtifactContentCheck.csvProblem(text)
            }
        }
    }

    /// SVG: after an XML declaration, comments, processing instructions and a doctype, the first element is `svg`,
    /// and it is closed.
    static func svgProblem(_ text: String) -> String? {
        var rest = text.drop { $0.isWhitespace }
        while rest.hasPrefix("<?") || rest.hasPrefix("<!") {
            let end = rest.hasPrefix("<!--") ? "-->" : rest.hasPrefix("<?") ? "?>" : ">"
            guard let close = rest.firstRange(of: end) else {
                return "an unclosed `\(rest.prefix(4))…` before any element"
            }
            rest = rest[close.upperBound...].drop { $0.isWhitespace }
        }
        guard rest.hasPrefix("<svg"), let after = rest.dropFirst(4).first,
            after.isWhitespace || after == ">" || after == "/"
        else {
            let start = rest.prefix { $0 != "\n" }.prefix(40)
            return start.isEmpty ? "it is empty" : "its first element is not <svg> (it starts with \"\(start)\")"
        }
        let selfClosed = rest.firstIndex(of: ">").map { rest[..<$0].hasSuffix("/") } ?? false
        guard selfClosed || rest.contains("</svg>") else { return "the <svg> element is never closed (no </svg>)" }
        return nil
    }

    /// CSV (RFC 4180, blank lines ignored): quotes closed, and every record as wide as the first.
    static func csvProblem(_ text: String) -> String? {
        var widths: [(line: Int, fields: Int)] = []
        var fields = 1
        var quoted = false
        var line = 1
        var recordLine = 1
        var recordIsBlank = true
        for character in text {
            if quoted {
                if character == "\"" { quoted = false } else if character == "\n" || character == "\r\n" { line += 1 }
            } else {
                switch character {
                case "\"":
                    quoted = true
                    recordIsBlank = false
                case ",":
                    fields += 1
                    recordIsBlank = false
                case "\n", "\r\n", "\r":
                    if !recordIsBlank { widths.append((recordLine, fields)) }
                    (fields, recordIsBlank) = (1, true)
                    line += 1
                    recordLine = line
                default:
                    if !character.isWhitespace { recordIsBlank = false }
                }
            }
        }
        if quoted { return "a quoted field opened on line \(recordLine) is never closed" }
        if !recordIsBlank { widths.append((recordLine, fields)) }
        guard let first = widths.first else { return nil }
        if let odd = widths.first(where: { $0.fields != first.fields }) {
            return "line \(odd.line) has \(odd.fields) field\(odd.fields == 1 ? "" : "s"), the first record "
                + "\(first.fields)"
        }
        return nil
    }
}
