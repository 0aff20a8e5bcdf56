import Config

/// Turns a gate's raw outcome into its result by applying the policy's waivers.
///
/// A waiver is an approved exception to a gate, so it covers a gate that could not be evaluated (`error`)
/// as well as one that failed: without that, a broken tool an approver has accepted would still block.
/// Findings with a file are waived one by one (path-scoped waivers apply to their files); a failure
/// without a location (a metric, an exit code, an error) is covered only by a waiver without `paths`.
extension GateEvaluator {
    func applyWaivers(to outcome: GateOutcome, of gate: GateConfig, in context: GateContext) -> GateResult {
        var result = GateResult(
            gateID: gate.id, type: gate.type, severity: gate.effectiveSeverity, status: .passed,
            measured: outcome.measured, threshold: outcome.threshold, operator: outcome.comparison,
            message: outcome.message, findings: outcome.findings, skippedFiles: outcome.skippedFiles)
        var verdicts: [String?: WaiverEvaluation.Outcome] = [:]
        func verdict(for path: String?) -> WaiverEvaluation.Outcome {
            if let known = verdicts[path] { return known }
            let evaluated = waivers.evaluate(gate: gate.id, date: context.date, phase: context.phase, path: path)
            verdicts[path] = evaluated
            return evaluated
        }
        var expired: [WaiverConfig] = []
        func report(_ waivers: [WaiverConfig]) {
            for waiver in waivers where !expired.contains(waiver) { expired.append(waiver) }
        }
        if outcome.verdict == .notApplicable { result.status = .notApplicable }
        guard outcome.verdict != .passed, outcome.verdict != .notApplicable else {
            // Nothing to waive, but a stale waiver of this gate is still worth a reviewer's attention.
            report(verdict(for: nil).expired)
            result.expiredWaivers = expired
            return result
        }
        result.status = outcome.verdict == .error ? .error : .failed
        var unwaived: [Finding] = []
        var waived: [Finding] = []
        var reasons: [WaiverConfig] = []
        let located = outcome.findings.contains { $0.file != nil }
        if located {
            for finding in outcome.findings {
                let found = verdict(for: finding.file)
                report(found.expired)
                if let active = found.activeWaiver {
                    waived.append(finding)
                    result.waiver = result.waiver ?? active
                } else {
                    unwaived.append(finding)
                    reasons += found.expired.filter { !reasons.contains($0) }
                }
            }
        } else {
            let found = verdict(for: nil)
            report(found.expired)
            if let active = found.activeWaiver {
                waived = outcome.findings
                result.waiver = active
            } else {
                unwaived = outcome.findings
                reasons = found.expired
            }
        }
        result.findings = unwaived
        result.waivedFindings = waived
        result.expiredWaivers = expired
        if let waiver = result.waiver, unwaived.isEmpty {
            result.status = .waived
            result.message += "; " + Self.waivedNote(waiver)
            return result
        }
        if !waived.isEmpty, let waiver = result.waiver {
            result.message +=
                "; \(waived.count) of \(waived.count + unwaived.count) findings " + Self.waivedNote(waiver)
        }
        if let reason = reasons.first {
            result.message += "; " + Self.expiryNote(reason)
        }
        return result
    }

    /// `waived by <approver> until <expires>: <reason>`, on one line.
    static func waivedNote(_ waiver: WaiverConfig) -> String {
        "waived by \(waiver.approver) until \(waiver.expires): \(oneLine(waiver.reason))"
    }

    /// Why an in-scope waiver did not apply.
    static func expiryNote(_ waiver: WaiverConfig) -> String {
        if case .failure(let error)? = WaiverEvaluation.compiledScope(of: waiver) {
            return "the waiver by \(waiver.approver) does not apply: its scope path '\(error.pattern)' is not a valid "
                + "glob: \(error.message)"
        }
        guard WaiverDay(waiver.expires) != nil else {
            return "the waiver by \(waiver.approver) does not apply: its expiry '\(waiver.expires)' is not a "
                + "YYYY-MM-DD date"
        }
        return "the waiver by \(waiver.approver) does not apply: waiver expired on \(waiver.expires)"
    }

    /// The text with every run of whitespace, line breaks included, as one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
