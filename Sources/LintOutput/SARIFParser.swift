import JSON
import Model

/// Reads the findings out of a SARIF 2.1.0 log (what ruff, semgrep, eslint and CodeQL can write).
///
/// Only what a finding needs is read: each result's rule (by `ruleId`, `rule.id` or `ruleIndex`), level
/// (falling back to the rule's default, then SARIF's default `warning`), message (text, or the rule's
/// message string with `{0}` arguments filled in) and first physical location.
public enum SARIFParser {
    /// The findings in a SARIF document given as text.
    public static func findings(inJSON text: String) throws(LintParseError) -> [LintFinding] {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: text)
        } catch {
            throw LintParseError("not valid SARIF JSON: \(error)")
        }
        return try findings(in: document)
    }

    /// The findings in a parsed SARIF document.
    public static func findings(in document: JSONValue) throws(LintParseError) -> [LintFinding] {
        if let version = document["version"]?.stringValue, version != "2.1.0" {
            throw LintParseError("SARIF version \(version) is not supported (expected 2.1.0)")
        }
        guard let runs = document["runs"]?.arrayValue else {
            throw LintParseError("not a SARIF log: it has no 'runs' array")
        }
        var findings: [LintFinding] = []
        for run in runs {
            let rules = run["tool"]?["driver"]?["rules"]?.arrayValue ?? []
            let artifacts = run["artifacts"]?.arrayValue ?? []
            for result in run["results"]?.arrayValue ?? [] {
                if let kind = result["kind"]?.stringValue, kind == "pass" || kind == "notApplicable" { continue }
                findings.append(finding(result, rules: rules, artifacts: artifacts))
            }
        }
        return findings
    }

    private static func finding(_ result: JSONValue, rules: [JSONValue], artifacts: [JSONValue]) -> LintFinding {
        var rule: JSONValue?
        if let index = result["ruleIndex"]?.integerValue ?? result["rule"]?["index"]?.integerValue,
            let exact = Int(exactly: index), rules.indices.contains(exact)
        {
            rule = rules[exact]
        }
        let ruleID = result["ruleId"]?.stringValue ?? result["rule"]?["id"]?.stringValue ?? rule?["id"]?.stringValue
        if rule == nil, let ruleID { rule = rules.first { $0["id"]?.stringValue == ruleID } }
        let level =
            result["level"]?.stringValue ?? rule?["defaultConfiguration"]?["level"]?.stringValue ?? "warning"
        let location = result["locations"]?[0]?["physicalLocation"]
        var uri = location?["artifactLocation"]?["uri"]?.stringValue
        if uri == nil, let index = location?["artifactLocation"]?["index"]?.integerValue,
            let exact = Int(exactly: index), artifacts.indices.contains(exact)
        {
            uri = artifacts[exact]["location"]?["uri"]?.stringValue
        }
        let region = location?["region"]
        return LintFinding(
            file: uri.map(path(fromURI:)) ?? "",
            line: region?["startLine"]?.integerValue.flatMap { Int(exactly: $0) } ?? 0,
            column: region?["startColumn"]?.integerValue.flatMap { Int(exactly: $0) },
            message: message(result, rule: rule), rule: ruleID,
            severity: level == "error" ? .error : level == "warning" ? .warning : .note)
    }

    private static func message(_ result: JSONValue, rule: JSONValue?) -> String {
        let message = result["message"]
        if let text = message?["text"]?.stringValue ?? message?["markdown"]?.stringValue { return text }
        guard let id = message?["id"]?.stringValue, var text = rule?["messageStrings"]?[id]?["text"]?.stringValue
        else {
            return rule?["shortDescription"]?["text"]?.stringValue ?? ""
        }
        for (index, argument) in (message?["arguments"]?.arrayValue ?? []).enumerated() {
            text = text.replacing("{\(index)}", with: argument.stringValue ?? argument.jsonString())
        }
        return text
    }

    /// A file path from an artifact URI: `file://` URIs lose their scheme and host; `%XX` escapes are decoded.
    static func path(fromURI uri: String) -> String {
        var text = Substring(uri)
        if text.hasPrefix("file://") {
            text = text.dropFirst("file://".count)
            if !text.hasPrefix("/"), let slash = text.firstIndex(of: "/") { text = text[slash...] }
        }
        return PercentDecoding.decoded(text)
    }
}
