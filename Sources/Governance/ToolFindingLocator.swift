import Config
import LintOutput
import Model

/// Turns a linter's findings into gate findings: workspace-relative paths and zero-based ranges.
///
/// Columns are turned into byte offsets with the file's text, read once per file, so ranges are right
/// in every column unit; a file outside the snapshot or too large to read gets a position whose
/// columns assume ASCII and whose offset is unknown (0).
struct ToolFindingLocator {
    let workspace: String
    let files: Set<String>
    /// SARIF counts columns in UTF-16 code units by default; line-format linters count characters.
    let encoding: PositionEncoding
    private var sources: [String: SourceText?] = [:]

    init(context: GateContext, columnsInUTF16: Bool) {
        self.workspace = context.workspace
        self.files = Set(context.files)
        self.encoding = columnsInUTF16 ? .utf16 : .utf32
    }

    /// The finding of `gate` for one linter finding; the rule id, when known, leads the message (`F401: …`).
    mutating func finding(_ reported: LintFinding, gate: GateConfig) -> Finding {
        let path = GateEvaluator.workspacePath(reported.file, workspace: workspace)
        let file = path.isEmpty ? nil : path
        var range: SourceRange?
        if let file, reported.line > 0 {
            range = locate(line: reported.line - 1, column: reported.column.map { $0 - 1 }, in: file)
        }
        let rule = reported.rule.map { $0.isEmpty ? "" : "\($0): " } ?? ""
        return Finding(
            gateID: gate.id, file: file, range: range, message: rule + GateEvaluator.oneLine(reported.message),
            severity: gate.effectiveSeverity)
    }

    /// Zero-width at the line's start without a column; one character wide at the column with one.
    private mutating func locate(line: Int, column: Int?, in file: String) -> SourceRange {
        let first = max(column ?? 0, 0)
        let width = column == nil ? 0 : 1
        guard let source = source(file), line < source.lineCount else {
            return SourceRange(
                start: SourcePosition(line: line, column: first, offset: 0),
                end: SourcePosition(line: line, column: first + width, offset: 0))
        }
        let start = source.offset(line: line, column: first, encoding: encoding)
        let lineEnd = source.lineContentEnd(line)
        var end = start
        if width > 0, start < lineEnd {
            let lead = source.bytes[start]
            end = min(start + (lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1), lineEnd)
        }
        return source.range(fromOffset: start, toOffset: end)
    }

    private mutating func source(_ file: String) -> SourceText? {
        if let known = sources[file] { return known }
        var text: SourceText?
        if files.contains(file),
            case .bytes(let bytes)? = try? GateFileReader.contents(
                of: file, in: workspace, limit: Validators.maximumFileSize)
        {
            text = SourceText(bytes: bytes)
        }
        sources[file] = text
        return text
    }
}
