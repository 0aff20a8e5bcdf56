import Config
import Model
import Snapshots

/// Metrics `complexity_max` and `complexity_mean`: cyclomatic complexity of the workspace's functions.
extension GateEvaluator {
    func evaluateComplexity(
        _ gate: GateConfig, metric: GateConfig.Metric, condition: GateCondition, in context: GateContext
    ) -> GateOutcome {
        var candidates = context.files.filter { ComplexityLanguage(path: $0) != nil }
        do {
            if let patterns = try Self.globs(gate) {
                candidates = candidates.filter { path in patterns.contains { $0.matches(path) } }
            }
        } catch {
            return .error(error.message)
        }
        if gate.newCodeOnly == true, let changed = context.changedFiles {
            candidates = candidates.filter { changed.contains($0) }
        }
        var measured: [ComplexityReport.File] = []
        var skipped: [String] = []
        // Found while each file's text is at hand, so no file is kept in memory; kept only if the gate fails.
        var breaking: [Finding] = []
        for path in candidates {
            let bytes: [UInt8]
            do {
                switch try GateFileReader.contents(of: path, in: context.workspace, limit: Validators.maximumFileSize) {
                case .bytes(let read): bytes = read
                case .tooLarge:
                    skipped.append(path)
                    continue
                }
            } catch {
                return .error(error.message)
            }
            guard let text = String(validating: bytes, as: UTF8.self),
                let file = ComplexityReport.measure(path: path, text: text)
            else {
                skipped.append(path)
                continue
            }
            measured.append(file)
            if metric == .complexityMax {
                breaking += Self.complexityFindings(file, bytes: bytes, gate: gate, condition: condition)
            }
        }
        let report = ComplexityReport(files: measured)
        let functions = measured.flatMap(\.functions)
        guard !functions.isEmpty else {
            var outcome = GateOutcome(
                verdict: .passed,
                message: "no functions measured in \(candidates.count - skipped.count) "
                    + "\(candidates.count - skipped.count == 1 ? "file" : "files")")
            outcome.skippedFiles = skipped
            return outcome
        }
        var outcome: GateOutcome
        if metric == .complexityMax {
            let worst = Self.worstFunction(measured)
            let place = worst.map { " (\($0.function.name) in \($0.path):\($0.function.line + 1))" } ?? ""
            outcome = Self.compare(
                Double(report.max), label: "highest function complexity", shown: "\(report.max)\(place)",
                condition: condition)
            if outcome.verdict == .failed {
                outcome.findings = breaking
            }
        } else {
            let total = functions.reduce(0) { $0 + $1.complexity }
            let mean = Double(total) / Double(functions.count)
            outcome = Self.compare(
                mean, label: "mean function complexity",
                shown:
                    "\(GateCondition.format(mean)) (\(functions.count) \(functions.count == 1 ? "function" : "functions"))",
                condition: condition)
        }
        outcome.skippedFiles = skipped
        return outcome
    }

    /// The first function with the highest complexity, for the message.
    static func worstFunction(
        _ files: [ComplexityReport.File]
    ) -> (path: String, function: ComplexityReport.Function)? {
        var worst: (path: String, function: ComplexityReport.Function)?
        for file in files {
            for function in file.functions where function.complexity > (worst?.function.complexity ?? Int.min) {
                worst = (file.path, function)
            }
        }
        return worst
    }

    /// One finding per function of `file` breaking the condition, on its declaration line.
    static func complexityFindings(
        _ file: ComplexityReport.File, bytes: [UInt8], gate: GateConfig, condition: GateCondition
    ) -> [Finding] {
        let breaking = file.functions.filter { !condition.holds(Double($0.complexity)) }
        guard !breaking.isEmpty else { return [] }
        let source = SourceText(bytes: bytes)
        return breaking.map { function in
            // The lexer and `SourceText` may count lone `\r` line breaks differently; never index past the end.
            let range =
                function.line < source.lineCount
                ? source.range(
                    fromOffset: source.offset(line: function.line, column: 0, encoding: .utf8),
                    toOffset: source.lineContentEnd(function.line)) : nil
            return Finding(
                gateID: gate.id, file: file.path, range: range,
                message: "function '\(function.name)' has complexity \(function.complexity); "
                    + "the gate requires \(condition.requirement)",
                severity: gate.effectiveSeverity)
        }
    }
}
