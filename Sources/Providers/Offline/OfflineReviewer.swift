import JSON
import Model

/// The offline reviewer's judgement: deterministic rules a person would also apply, over the files under review
/// (decisions) or the lines a diff adds (code). Findings a previous round's answers settled are not raised again:
/// a minor or nit dismissed with a reason stands; a blocker or major must be fixed (a dismissal is not enough).
struct OfflineReviewer {
    let review: ReviewBrief
    let requirements: [String]

    /// One finding before numbering.
    struct Found: Equatable {
        var file: String?
        var line: Int?
        var severity: ReviewFinding.Severity
        var message: String
    }

    /// Longest Python line the code review lets pass (PEP 8 allows up to 99 by a team's agreement).
    static let maxLineLength = 99

    /// The findings of this round, given the text of each file under review.
    func findings(contents: [String: String]) -> [Found] {
        let raw: [Found]
        switch review.kind {
        case .decision: raw = decisionFindings(contents)
        case .code: raw = codeFindings()
        }
        return raw.filter { !settled($0) }
    }

    /// The tool input of `submit_review` for these findings.
    func verdict(_ found: [Found], reviewer: String) -> JSONValue {
        let findings: [JSONValue] = found.map { item in
            var object: [String: JSONValue] = [
                "severity": .string(item.severity.rawValue), "message": .string(item.message),
            ]
            if let file = item.file { object["file"] = .string(file) }
            if let line = item.line { object["line"] = .integer(Int64(line)) }
            return .object(object)
        }
        let verdict = found.isEmpty ? "approve" : "request_changes"
        let summary =
            found.isEmpty
            ? "\(reviewer) approves round \(review.round): every rule it checks holds (offline, no model called)"
            : "\(reviewer) requests \(found.count) change(s) in round \(review.round) (offline, no model called)"
        return ["verdict": .string(verdict), "summary": .string(summary), "findings": .array(findings)]
    }

    private func decisionFindings(_ contents: [String: String]) -> [Found] {
        var found: [Found] = []
        let texts = review.files.compactMap { contents[$0]?.lowercased() }
        let requirementsFile = review.files.first { $0.hasSuffix("requirements.md") } ?? review.files.first
        if review.files.contains(where: { $0.hasSuffix("plan.md") || $0.hasSuffix("requirements.md") }) {
            for requirement in requirements where !texts.contains(where: { $0.contains(requirement.lowercased()) }) {
                found.append(
                    Found(
                        file: requirementsFile, line: 1, severity: .major,
                        message: "the requirement '\(requirement)' has no acceptance criterion in the plan"))
            }
        }
        for file in review.files where file.contains("/adr/") {
            let headings = (contents[file] ?? "").split(separator: "\n").filter { $0.hasPrefix("## ") }
                .map { $0.dropFirst(3).lowercased() }
            for section in ["Context", "Decision", "Alternatives", "Consequences"]
            where !headings.contains(where: { $0.hasPrefix(section.lowercased()) }) {
                found.append(
                    Found(
                        file: file, line: 1, severity: .major,
                        message: "the decision record has no '\(section)' section: record it, and the alternatives "
                            + "rejected and why"))
            }
        }
        if review.files.isEmpty {
            found.append(Found(file: nil, line: nil, severity: .blocker, message: "the phase recorded no decision"))
        }
        return found
    }

    private func codeFindings() -> [Found] {
        var found: [Found] = []
        for line in DiffLines.added(in: review.diff) {
            let text = line.text
            let lower = text.lowercased()
            if let marker = [
                "# noqa", "# type: ignore", "# pragma: no cover", "# nosec", "eslint-disable",
                "swiftlint:disable",
            ].first(where: { lower.contains($0) }) {
                found.append(
                    Found(
                        file: line.file, line: line.number, severity: .major,
                        message: "'\(marker)' silences a check: fix what it reports instead"))
            }
            let words = lower.split { !($0.isLetter || $0.isNumber) }
            if words.contains(where: { $0 == "todo" || $0 == "fixme" || $0 == "xxx" }) {
                found.append(
                    Found(file: line.file, line: line.number, severity: .minor, message: "a TODO left in the change"))
            }
            if text.trimmingPrefix(while: { $0 == " " }).hasPrefix("except:") {
                found.append(
                    Found(
                        file: line.file, line: line.number, severity: .major,
                        message: "a bare `except:` also catches KeyboardInterrupt and SystemExit: name the exception"))
            }
            if line.file.hasSuffix(".py"), text.count > Self.maxLineLength {
                found.append(
                    Found(
                        file: line.file, line: line.number, severity: .nit,
                        message: "the line is \(text.count) characters, over \(Self.maxLineLength)"))
            }
        }
        return found
    }

    /// Whether the previous round's answers settled a finding like this one (same file and message).
    private func settled(_ item: Found) -> Bool {
        guard let previous = review.previous else { return false }
        return previous.findings.contains { finding in
            guard finding.file == item.file, finding.message == item.message, let answer = finding.answer else {
                return false
            }
            return answer.action == .dismissed && (finding.severity == .minor || finding.severity == .nit)
        }
    }

    /// How the offline agent answers findings: a minor or a nit is dismissed with its reason; a blocker or major
    /// needs a change the offline agent cannot judge, so it says so (and the reviewer will not accept that).
    static func answers(to feedback: ReviewRound, agent: String) -> JSONValue {
        let answers: [JSONValue] = feedback.findings.map { finding in
            let reason: String
            switch finding.severity {
            case .nit, .minor:
                reason =
                    "\(agent) keeps it: a \(finding.severity.rawValue) that changes no behaviour and no gate "
                    + "checks (offline, no model called)"
            case .major, .blocker:
                reason = "\(agent) cannot make this change without a model; a person should (offline, no model called)"
            }
            return [
                "finding": .integer(Int64(finding.number)), "action": "dismissed", "reason": .string(reason),
            ]
        }
        return ["answers": .array(answers)]
    }
}

/// The lines a unified diff adds, with their file and line number in the new file (from 1).
enum DiffLines {
    struct Added: Equatable {
        var file: String
        var number: Int
        var text: String
    }

    static func added(in diff: String) -> [Added] {
        var result: [Added] = []
        var file: String?
        var next = 0
        for raw in diff.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("+++ ") {
                let name = line.dropFirst(4)
                file = name.hasPrefix("b/") ? String(name.dropFirst(2)) : nil
            } else if line.hasPrefix("--- ") {
                continue
            } else if line.hasPrefix("@@ "), let plus = line.split(separator: " ").first(where: { $0.hasPrefix("+") }) {
                next = Int(plus.dropFirst().split(separator: ",").first ?? "1") ?? 1
            } else if line.hasPrefix("+"), let file {
                result.append(Added(file: file, number: next, text: String(line.dropFirst())))
                next += 1
            } else if line.hasPrefix(" ") {
                next += 1
            }
        }
        return result
    }
}
