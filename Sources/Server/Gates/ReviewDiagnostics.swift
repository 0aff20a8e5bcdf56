import Model
import StorePort

/// Review findings as editor diagnostics, beside the gate findings: each finding of the latest round of each
/// phase's review, on the file and line it names, with the answer it got.
extension GateDiagnostics {
    /// The code a review's findings carry (`code-review`, `decision-review`), as a gate's id is its findings' code.
    static func code(of kind: ReviewRound.Kind) -> String { "\(kind.rawValue)-review" }

    /// Adds the findings of `reviews` (the newest round of each phase) that name a file.
    mutating func add(reviews: [ReviewRecord], root: String) {
        for record in reviews {
            let round = record.round
            for finding in round.findings {
                guard let file = finding.file else { continue }
                var message = "\(round.reviewer), round \(round.round) of \(round.rounds), finding \(finding.number) "
                message += "(\(finding.severity.rawValue)): \(finding.message)"
                if let answer = finding.answer {
                    message += " — \(answer.action.rawValue) by \(answer.by): \(answer.reason)"
                }
                append(
                    Diagnostic(
                        range: finding.range ?? .zero,
                        severity: Self.severity(of: finding, verdict: round.verdict),
                        code: Self.code(of: round.kind), message: message),
                    to: Self.absolute(file, root: root))
            }
        }
    }

    /// An open request for changes is an error when it is a blocker or major, a warning otherwise; a finding that
    /// was answered, or that came with an approval, is information.
    static func severity(of finding: ReviewFinding, verdict: ReviewRound.Verdict) -> Diagnostic.Severity {
        guard finding.answer == nil, verdict == .requestChanges else { return .information }
        return finding.severity == .blocker || finding.severity == .major ? .error : .warning
    }
}
