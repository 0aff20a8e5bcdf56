import Config
import Model
import TestSupport
import Testing

/// One rule, one fixture: the diagnostic must have this code and span exactly 1️⃣…2️⃣.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var name: String
    var code: String
    var marked: String
    var messageContains: String

    var testDescription: String { name }
}

let ruleCases: [RuleCase] = [
    RuleCase(
        name: "unknown key with a suggestion", code: "unknown-key",
        marked: """
            project:
              1️⃣nmae2️⃣: "Customer Analytics Platform"
              name: x
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            """,
        messageContains: "did you mean 'name'?"),
    RuleCase(
        name: "missing required key", code: "missing-key",
        marked: """
            1️⃣project2️⃣:
              client: acme-corp
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            """,
        messageContains: "missing required key 'name' in project"),
    RuleCase(
        name: "wrong type", code: "wrong-type",
        marked: """
            project:
              name: x
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            constraints:
              budget_tokens: 1️⃣lots2️⃣
            """,
        messageContains: "must be an integer; found the string \"lots\""),
    RuleCase(
        name: "value not in enum lists the allowed values", code: "invalid-enum",
        marked: """
            project:
              name: x
            requirements: ["a"]
            phases: [planning, architecture, 1️⃣develop2️⃣, qa, documentation]
            """,
        messageContains: "expected one of: planning, architecture, data, development, qa, documentation"),
    RuleCase(
        name: "budget_tokens must be positive", code: "out-of-range",
        marked: """
            project:
              name: x
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            constraints:
              budget_tokens: 1️⃣02️⃣
            """,
        messageContains: "must be greater than 0"),
    RuleCase(
        name: "skill version must be semver", code: "pattern-mismatch",
        marked: """
            skill:
              id: forecasting
              version: 1️⃣"1.0"2️⃣
              triggers: ["forecast"]
              methodology:
                - step: training
            """,
        messageContains: "'1.0'"),
    RuleCase(
        name: "unquoted version is a number, not a string", code: "wrong-type",
        marked: """
            skill:
              id: forecasting
              version: 1️⃣1.02️⃣
              triggers: ["forecast"]
              methodology:
                - step: training
            """,
        messageContains: "quote it"),
    RuleCase(
        name: "phases in canonical order", code: "phase-order",
        marked: """
            project:
              name: x
            requirements: ["a"]
            phases: [planning, development, 1️⃣architecture2️⃣, qa, documentation]
            """,
        messageContains: "'architecture' must come before 'development'"),
    RuleCase(
        name: "phases unique", code: "duplicate-item",
        marked: """
            project:
              name: x
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation, 1️⃣qa2️⃣]
            """,
        messageContains: "'qa' appears more than once"),
    RuleCase(
        name: "required phases present", code: "missing-phase",
        marked: """
            project:
              name: x
            requirements: ["a"]
            1️⃣phases2️⃣: [planning, architecture, data, development, documentation]
            """,
        messageContains: "must include 'qa'"),
    RuleCase(
        name: "subagent ids start with the parent's id", code: "subagent-prefix",
        marked: """
            agent:
              id: developer
              subagents:
                - id: 1️⃣frontend2️⃣
            """,
        messageContains: "did you mean 'developer.frontend'?"),
    RuleCase(
        name: "gate ids unique in a policy", code: "duplicate-gate",
        marked: """
            policy:
              id: acme-corp
              level: organization
              gates:
                - id: coverage
                  type: metric
                  phases: [qa]
                  metric: coverage
                  operator: ">="
                  threshold: 80
                - id: 1️⃣coverage2️⃣
                  type: metric
                  phases: [qa]
                  metric: coverage
                  operator: ">="
                  threshold: 70
            """,
        messageContains: "gate id 'coverage' is used more than once"),
    RuleCase(
        name: "duplicate mapping keys", code: "duplicate-key",
        marked: """
            project:
              name: x
              1️⃣name2️⃣: y
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            """,
        messageContains: "duplicate key 'name'"),
    RuleCase(
        name: "client policy requires a client", code: "missing-key",
        marked: """
            1️⃣policy2️⃣:
              id: acme-corp
              level: client
              gates: []
            """,
        messageContains: "missing required key 'client' in policy"),
    RuleCase(
        name: "waiver expiry is a date", code: "invalid-format",
        marked: """
            policy:
              id: org
              level: organization
              gates: []
              waivers:
                - gate: coverage
                  reason: legacy code
                  approver: jane
                  expires: 1️⃣"next week"2️⃣
            """,
        messageContains: "YYYY-MM-DD"),
]

@Suite("Validation rules")
struct ValidationRuleTests {
    @Test("each rule reports its code at the exact range", arguments: ruleCases)
    func ruleRange(_ rule: RuleCase) throws {
        let marked = MarkedText(rule.marked)
        let result = ConfigValidator().validate(text: marked.text)
        let matching = result.diagnostics.filter { $0.code == rule.code }
        #expect(matching.count == 1, "diagnostics: \(result.diagnostics.map { "\($0.code): \($0.message)" })")
        let diagnostic = try #require(matching.first)
        #expect(diagnostic.range.start.offset == marked["1️⃣"])
        #expect(diagnostic.range.end.offset == marked["2️⃣"])
        #expect(diagnostic.message.contains(rule.messageContains), "message: \(diagnostic.message)")
        #expect(diagnostic.source == "orchestrator")
        #expect(diagnostic.severity == .error)
    }

    @Test("an unknown key after an emoji has exact UTF-16 and UTF-8 columns")
    func unknownKeyAfterEmoji() throws {
        let marked = MarkedText(
            """
            project: {name: "🚀 Café 日本", 1️⃣nmae2️⃣: x}
            requirements: ["a"]
            phases: [planning, architecture, development, qa, documentation]
            """)
        let result = ConfigValidator().validate(text: marked.text)
        let diagnostic = try #require(result.diagnostics.first { $0.code == "unknown-key" })
        // `project: {name: "🚀 Café 日本", ` is 29 code points; 🚀 counts 2 in UTF-16 and 4 in UTF-8,
        // é 1 and 2, each of 日本 1 and 3.
        #expect(diagnostic.range.start.line == 0)
        #expect(diagnostic.range.start.scalarColumn == 29)
        #expect(diagnostic.range.start.utf16Column == 30)
        #expect(diagnostic.range.start.utf8Column == 37)
        #expect(diagnostic.range.end.utf16Column == 34)
        #expect(diagnostic.range.end.utf8Column == 41)
        #expect(diagnostic.range.start.offset == marked["1️⃣"])
    }

    @Test("quick fixes: rename to the suggestion, insert a missing key with the mapping's indentation")
    func fixIts() throws {
        let text =
            "project:\n  nmae: x\nrequirements: [\"a\"]\nphases: [planning, architecture, development, qa, documentation]\n"
        let result = ConfigValidator().validate(text: text)
        let rename = try #require(result.diagnostics.first { $0.code == "unknown-key" }?.fixIts.first)
        #expect(rename.edits.map(\.newText) == ["name"])
        let insert = try #require(result.diagnostics.first { $0.code == "missing-key" }?.fixIts.first)
        #expect(insert.edits.first?.newText == "\n  name: \"\"")
        // Inserted right after `x`, the last value of the `project` mapping.
        #expect(insert.edits.first?.range.start.offset == Array(text.utf8).firstIndex(of: UInt8(ascii: "x"))! + 1)
    }
}
