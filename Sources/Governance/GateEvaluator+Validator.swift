import Config

/// Validator gates: a built-in check over the workspace files matching the gate's globs.
extension GateEvaluator {
    /// Bytes of file contents handed to the validator at once; bounds memory over a large workspace.
    static let validatorBatchBytes = 16 * 1024 * 1024

    func evaluateValidator(_ gate: GateConfig, in context: GateContext) -> GateOutcome {
        var findings: [Finding] = []
        var skipped: [String] = []
        var matched = 0
        do {
            guard let patterns = try Self.globs(gate) else {
                return .error("the validator gate has no `files` globs")
            }
            // With `new_code_only`, files unchanged since the previous checkpoint were judged there already.
            let changed = gate.newCodeOnly == true ? context.changedFiles : nil
            let paths = context.files.filter { path in
                patterns.contains { $0.matches(path) } && changed.map { $0.contains(path) } != false
            }
            matched = paths.count
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
        let files = Set(findings.compactMap(\.file)).count
        var message =
            findings.isEmpty
            ? "no findings in \(matched) \(matched == 1 ? "file" : "files")"
            : "\(findings.count) \(Self.plural(findings.count)) in \(files) of \(matched) "
                + "\(matched == 1 ? "file" : "files")"
        if gate.newCodeOnly == true, context.changedFiles != nil { message += " changed since the previous checkpoint" }
        if !skipped.isEmpty {
            message +=
                "; \(skipped.count) \(skipped.count == 1 ? "file" : "files") not checked (binary or larger than 4 MiB)"
        }
        return GateOutcome(
            verdict: findings.isEmpty ? .passed : .failed, message: message, measured: Double(findings.count),
            threshold: 0, comparison: "<=", findings: findings, skippedFiles: skipped)
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
