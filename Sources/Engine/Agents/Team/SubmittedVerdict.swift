import JSON
import Model

/// A reviewer's verdict as it submitted it (the `submit_review` tool's input, or the JSON a provider that runs its
/// own tools ends with): the verdict, a summary and the findings, numbered in the order given.
struct SubmittedVerdict: Sendable, Hashable {
    var verdict: ReviewRound.Verdict
    var summary: String?
    var findings: [ReviewFinding]

    /// Why an input is not a verdict, for the model to correct.
    struct Problem: Error, Sendable {
        var message: String
    }

    /// The shape a provider that cannot call our tools is asked to end with.
    static let textFormat =
        #"{"verdict": "approve" | "request_changes", "summary": "...", "findings": [{"file": "docs/plan.md", "#
        + #""line": 12, "severity": "major", "message": "..."}]}"#

    /// Reads a verdict; `request_changes` needs at least one finding, every finding a message.
    static func parse(_ input: JSONValue) -> Result<SubmittedVerdict, Problem> {
        guard let text = input["verdict"]?.stringValue, let verdict = ReviewRound.Verdict(rawValue: text) else {
            return .failure(Problem(message: "`verdict` must be \"approve\" or \"request_changes\""))
        }
        var findings: [ReviewFinding] = []
        for (index, item) in (input["findings"]?.arrayValue ?? []).enumerated() {
            guard let message = item["message"]?.stringValue?.trimmedWhitespace, !message.isEmpty else {
                return .failure(Problem(message: "finding \(index + 1) has no `message`"))
            }
            let file = item["file"]?.stringValue.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0.trimmedWhitespace }
            let line = item["line"]?.integerValue.map { max(1, Int(clamping: $0)) }
            let severity = item["severity"]?.stringValue.flatMap(ReviewFinding.Severity.init(rawValue:)) ?? .major
            findings.append(
                ReviewFinding(
                    number: index + 1, file: file, range: file == nil ? nil : line.map(Self.range(ofLine:)),
                    severity: severity, message: message))
        }
        if verdict == .requestChanges && findings.isEmpty {
            return .failure(Problem(message: "request_changes needs at least one finding the agents can answer"))
        }
        return .success(
            SubmittedVerdict(verdict: verdict, summary: input["summary"]?.stringValue, findings: findings))
    }

    /// The verdict a text ends with: its last `{…}` object that reads as one.
    static func parse(inText text: String) -> Result<SubmittedVerdict, Problem> {
        var searchEnd = text.endIndex
        while let close = text[..<searchEnd].lastIndex(of: "}") {
            var start = close
            while let open = text[..<start].lastIndex(of: "{") {
                if let value = try? JSONValue(parsing: String(text[open...close])), value["verdict"] != nil {
                    return parse(value)
                }
                start = open
            }
            searchEnd = close
        }
        return .failure(Problem(message: "no verdict object in the reviewer's answer"))
    }

    /// A whole line, zero-based as LSP counts: `line` (from 1) up to the start of the next.
    static func range(ofLine line: Int) -> SourceRange {
        SourceRange(
            start: SourcePosition(line: line - 1, column: 0, offset: 0),
            end: SourcePosition(line: line, column: 0, offset: 0))
    }
}

/// An agent's answers to review findings, read from the `answer_findings` tool's input.
enum ReviewAnswers {
    static func parse(
        _ input: JSONValue, findings: [ReviewFinding], by agent: String
    ) -> Result<[Int: ReviewAnswer], SubmittedVerdict.Problem> {
        let known = Set(findings.map(\.number))
        var answers: [Int: ReviewAnswer] = [:]
        for item in input["answers"]?.arrayValue ?? [] {
            guard let number = item["finding"]?.integerValue.map({ Int(clamping: $0) }), known.contains(number) else {
                let list = known.sorted().map(String.init).joined(separator: ", ")
                return .failure(SubmittedVerdict.Problem(message: "`finding` must be one of \(list)"))
            }
            guard let text = item["action"]?.stringValue, let action = ReviewAnswer.Action(rawValue: text) else {
                return .failure(
                    SubmittedVerdict.Problem(message: "finding \(number): `action` must be fixed or dismissed"))
            }
            guard let reason = item["reason"]?.stringValue?.trimmedWhitespace, !reason.isEmpty else {
                return .failure(SubmittedVerdict.Problem(message: "finding \(number): give a `reason`"))
            }
            answers[number] = ReviewAnswer(action: action, reason: reason, by: agent)
        }
        if answers.isEmpty {
            return .failure(SubmittedVerdict.Problem(message: "`answers` lists no answer"))
        }
        return .success(answers)
    }
}
