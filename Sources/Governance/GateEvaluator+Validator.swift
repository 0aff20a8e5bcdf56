import Config

/// Validator gates: a built-in check over the workspace files matching the gate's globs.
extension GateEvaluator {
    /// Bytes of file contents handed to the validator at once; bounds memory over a large workspace.
    static let validatorBatchBytes = 16 * 1024 * 1024

    func evaluateValidator(_ gate: GateConfig, in context: GateContext) -> GateOutcome {
        var findings: [Finding] = []
        var skipped: [String] = []
        var matched = 0
        var existing = 0
        do {
            guard let patterns = try Self.globs(gate) else {
                return .error("the validator gate has no `files` globs")
            }
            // With `new_code_only`, files unchanged since the previous checkpoint were judged there already.
            let changed = gate.newCodeOnly == true ? context.changedFiles : nil
            let matching = context.files.filter { path in patterns.contains { $0.matches(path) } }
            let paths = changed.map { changed in matching.filter(changed.contains) } ?? matching
            matched = paths.count
            existing = matching.count
            var batch: [ValidatorFile] = []
            var batchBytes = 0
            // Run once even without files, so a broken pattern is reported however empty the workspace is.
            var ranOnce = false
            func flush() throws(GateEvaluationError) {
                let outcome = try Self.runValidator(gate, files: batch)
                findings += outcome.findings
                skipped += outcome.skipped.map(\.path)
                batch = []
                batchBytes = 0
                ranOnce = true
            }
            for path in paths {
                switch try GateFileReader.contents(of: path, in: context.workspace, limit: Validators.maximumFileSize) {
                case .tooLarge:
                    skipped.append(path)
                case .bytes(let bytes):
                    batch.append(ValidatorFile(path: path, bytes: bytes))
                    batchBytes += bytes.count
                    if batchBytes >= Self.validatorBatchBytes { try flush() }
                }
            }
            if !batch.isEmpty || !ranOnce { try flush() }
        } catch {
            return .error(error.message)
        }
        skipped = context.files.filter(Set(skipped).contains)
        let changedOnly = gate.newCodeOnly == true && context.changedFiles != nil
        let minimum = max(gate.minFiles ?? 0, 0)
        // `min_files` counts the files there are, changed or not: it asks that they exist.
        if existing < minimum || matched == 0 {
            return Self.fileCountOutcome(gate, existing: existing, minimum: minimum, changedOnly: changedOnly)
        }
        let files = Set(findings.compactMap(\.file)).count
        var message =
            findings.isEmpty
            ? "no findings in \(matched) \(matched == 1 ? "file" : "files")"
            : "\(findings.count) \(Self.plural(findings.count)) in \(files) of \(matched) "
                + "\(matched == 1 ? "file" : "files")"
        if changedOnly { message += " changed since the previous checkpoint" }
        if !skipped.isEmpty {
            message +=
                "; \(skipped.count) \(skipped.count == 1 ? "file" : "files") not checked (binary or larger than 4 MiB)"
        }
        return GateOutcome(
            verdict: findings.isEmpty ? .passed : .failed, message: message, measured: Double(findings.count),
            threshold: 0, comparison: "<=", findings: findings, skippedFiles: skipped)
    }

    /// A gate whose globs matched fewer files than it needs: failed when `min_files` asks for more, else (none
    /// matched, none required) not applicable, which a report shows apart from a pass.
    static func fileCountOutcome(_ gate: GateConfig, existing: Int, minimum: Int, changedOnly: Bool) -> GateOutcome {
        let globs = (gate.files ?? []).joined(separator: ", ")
        guard existing < minimum else {
            let message =
                changedOnly && existing > 0
                ? "not applicable: no file matching \(globs) changed since the previous checkpoint"
                : "not applicable: no file matches \(globs)"
            return GateOutcome(verdict: .notApplicable, message: message, measured: 0, threshold: nil, comparison: nil)
        }
        let finding = Finding(
            gateID: gate.id, file: nil, range: nil,
            message:
                "needs at least \(minimum) \(minimum == 1 ? "file" : "files") matching \(globs); found \(existing)",
            severity: gate.effectiveSeverity)
        return GateOutcome(
            verdict: .failed, message: finding.message, measured: Double(existing), threshold: Double(minimum),
            comparison: ">=", findings: [finding])
    }

    /// The validator over one batch; its typed error (a pattern that does not compile) becomes the gate's error.
    static func runValidator(
        _ gate: GateConfig, files: [ValidatorFile]
    ) throws(GateEvaluationError) -> ValidatorOutcome {
        do {
            return try Validators.run(gate, files: files)
        } catch {
            throw GateEvaluationError(error.message)
        }
    }
}
