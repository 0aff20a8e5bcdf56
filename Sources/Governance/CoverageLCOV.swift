#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CoverageReport {
    /// Reads an LCOV tracefile: `SF:` opens a file's record, `DA:line,count` gives a line's
    /// hits, `LF:`/`LH:` the file's totals, `end_of_record` closes it.
    ///
    /// A file's numbers come from its `DA` lines when it has any (`LF`/`LH` are summaries
    /// tools sometimes get wrong), else from `LF`/`LH` (`LH` capped at `LF`). Records of the same file are merged.
    /// Other keys (`TN`, `FN`, `BRDA`, …) are accepted and ignored.
    static func parseLCOV(_ text: String) throws(CoverageError) -> CoverageReport {
        var order: [String] = []
        var lineHits: [String: [Int: Bool]] = [:]
        var summaries: [String: (found: Int, hit: Int)] = [:]
        var current: String?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed == "end_of_record" {
                current = nil
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw CoverageError(
                    code: .malformedRecord, line: lineNumber,
                    message: "expected 'KEY:value' or 'end_of_record', found '\(trimmed.prefix(80))'")
            }
            let key = trimmed[..<colon]
            let value = trimmed[trimmed.index(after: colon)...]
            switch key {
            case "SF":
                guard !value.isEmpty else {
                    throw CoverageError(code: .malformedRecord, line: lineNumber, message: "'SF:' names no file")
                }
                let path = String(value)
                if lineHits[path] == nil {
                    order.append(path)
                    lineHits[path] = [:]
                }
                current = path
            case "DA":
                let path = try requireFile(current, key: key, line: lineNumber)
                let fields = value.split(separator: ",", omittingEmptySubsequences: false)
                guard fields.count >= 2, let number = Int(fields[0]), number >= 0,
                    let hit = isHit(fields[1])
                else {
                    throw CoverageError(
                        code: .invalidNumber, line: lineNumber,
                        message: "expected 'DA:<line>,<count>', found 'DA:\(value.prefix(80))'")
                }
                lineHits[path, default: [:]][number] = (lineHits[path]?[number] ?? false) || hit
            case "LF", "LH":
                let path = try requireFile(current, key: key, line: lineNumber)
                guard let count = Int(value), count >= 0 else {
                    throw CoverageError(
                        code: .invalidNumber, line: lineNumber,
                        message: "expected a count after '\(key):', found '\(value.prefix(80))'")
                }
                var summary = summaries[path] ?? (0, 0)
                if key == "LF" { summary.found = count } else { summary.hit = count }
                summaries[path] = summary
            default:
                continue
            }
        }
        let files = order.map { path in
            let hits = lineHits[path] ?? [:]
            if hits.isEmpty, let summary = summaries[path] {
                return File(path: path, linesFound: summary.found, linesHit: min(summary.hit, summary.found))
            }
            return File(path: path, linesFound: hits.count, linesHit: hits.values.filter { $0 }.count)
        }
        let found = files.reduce(0) { $0 + $1.linesFound }
        let hit = files.reduce(0) { $0 + $1.linesHit }
        guard let percent = percent(hit: hit, found: found) else {
            throw CoverageError(
                code: .noData, line: max(lineNumber, 1), message: "the LCOV report has no instrumented lines")
        }
        return CoverageReport(percent: percent, files: files)
    }

    private static func requireFile(_ current: String?, key: Substring, line: Int) throws(CoverageError) -> String {
        guard let current else {
            throw CoverageError(
                code: .malformedRecord, line: line, message: "'\(key):' outside a file record (no 'SF:' before it)")
        }
        return current
    }

    /// Whether a hit count is non-zero; nil when it is not a count. Counts may exceed `Int`.
    static func isHit(_ count: Substring) -> Bool? {
        guard !count.isEmpty, count.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return count.contains { $0 != "0" }
    }
}
