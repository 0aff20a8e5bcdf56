import Config
import Model
import Snapshots

/// Metric `coverage`: line coverage from the LCOV or Cobertura report the gate's `report` glob names.
extension GateEvaluator {
    func evaluateCoverage(_ gate: GateConfig, condition: GateCondition, in context: GateContext) -> GateOutcome {
        guard let reportGlob = gate.report else { return .error("the coverage gate has no `report`") }
        let report: CoverageReport
        let reportPath: String
        do {
            let pattern = try Self.glob(reportGlob, key: "report")
            // `files` is sorted, so the first match is the one a person listing the folder would see first.
            guard let path = context.files.first(where: { pattern.matches($0) }) else {
                return .error("no coverage report matches '\(reportGlob)'")
            }
            reportPath = path
            report = try Self.readCoverage(path, in: context.workspace)
        } catch {
            return .error(error.message)
        }
        var files = report.files
        var scope = ""
        if gate.newCodeOnly == true, let changed = context.changedFiles {
            files = files.filter { changed.contains(Self.workspacePath($0.path, workspace: context.workspace)) }
            scope = " of changed files"
        }
        let found = files.reduce(0) { $0 + $1.linesFound }
        let hit = files.reduce(0) { $0 + $1.linesHit }
        let value: Double
        let shown: String
        if found > 0 {
            value = Double(hit) * 100 / Double(found)
            shown = "\(GateCondition.fixed(value, digits: 1))% (\(hit) of \(found) lines)"
        } else if !scope.isEmpty {
            return GateOutcome(
                verdict: .passed,
                message: "no changed file is instrumented in the coverage report '\(reportPath)'; nothing to measure")
        } else {
            // A Cobertura report may carry only its root `line-rate`; the parser has already refused no data at all.
            value = Double("\(report.percent)") ?? 0
            shown = "\(GateCondition.fixed(value, digits: 1))% (the report's overall line-rate)"
        }
        var outcome = Self.compare(value, label: "line coverage\(scope)", shown: shown, condition: condition)
        if outcome.verdict == .failed {
            outcome.findings = Self.coverageFindings(files, gate: gate, condition: condition, in: context)
        }
        return outcome
    }

    /// The report read and parsed; a report too large, not UTF-8, or malformed is an error naming its line.
    static func readCoverage(_ path: String, in workspace: String) throws(GateEvaluationError) -> CoverageReport {
        let bytes: [UInt8]
        switch try GateFileReader.contents(of: path, in: workspace, limit: maximumReportSize) {
        case .bytes(let read): bytes = read
        case .tooLarge(let size):
            throw GateEvaluationError(
                "the coverage report '\(path)' is \(size) bytes, more than the 64 MiB a gate reads")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw GateEvaluationError("the coverage report '\(path)' is not UTF-8 text")
        }
        do {
            return try CoverageReport.parse(text)
        } catch {
            throw GateEvaluationError(
                "the coverage report '\(path)' cannot be read: line \(error.line): \(error.message)")
        }
    }

    /// One finding per workspace file whose own coverage breaks the condition, so a person knows where to add tests.
    static func coverageFindings(
        _ files: [CoverageReport.File], gate: GateConfig, condition: GateCondition, in context: GateContext
    ) -> [Finding] {
        let workspaceFiles = Set(context.files)
        var findings: [Finding] = []
        for file in files where file.linesFound > 0 {
            let path = workspacePath(file.path, workspace: context.workspace)
            let percent = Double(file.linesHit) * 100 / Double(file.linesFound)
            guard workspaceFiles.contains(path), !condition.holds(percent) else { continue }
            findings.append(
                Finding(
                    gateID: gate.id, file: path, range: .zero,
                    message:
                        "line coverage of this file is \(GateCondition.fixed(percent, digits: 1))% "
                        + "(\(file.linesHit) of \(file.linesFound) lines); the gate requires \(condition.requirement)",
                    severity: gate.effectiveSeverity))
        }
        return findings
    }

    /// A path as a tool or report wrote it, made workspace-relative: no `file://`, workspace prefix or `./`.
    static func workspacePath(_ written: String, workspace: String) -> String {
        var path = Substring(written)
        if path.hasPrefix("file://") { path = path.dropFirst("file://".count) }
        let root = workspace.hasSuffix("/") ? workspace : workspace + "/"
        if path.hasPrefix(root) { path = path.dropFirst(root.count) }
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }
}
