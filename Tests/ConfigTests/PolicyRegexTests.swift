import Config
import Model
import TestSupport
import Testing

/// A policy's regular expressions are compiled when the policy is validated, not first at a checkpoint.
@Suite("Policy regular expressions")
struct PolicyRegexTests {
    static func policy(pattern: String) -> String {
        """
        policy:
          id: acme-corp
          level: client
          client: acme-corp
          gates:
            - id: no-todo
              type: validator
              phases: [development]
              validator: forbidden_pattern
              files: ["src/**/*.py"]
              pattern: 1️⃣\(pattern)2️⃣

        """
    }

    @Test(
        "an invalid regular expression is reported at the pattern",
        arguments: ["'foo[('", "'(unclosed'", "'a{2,1}'", "'trailing\\'"])
    func invalidPattern(_ pattern: String) throws {
        let marked = MarkedText(Self.policy(pattern: pattern))
        let result = ConfigValidator().validate(text: marked.text)
        let diagnostic = try #require(
            result.diagnostics.first { $0.code == DiagnosticCode.invalidRegex },
            "diagnostics: \(result.diagnostics.map(\.message))")
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.range.start.offset == marked["1️⃣"])
        #expect(diagnostic.range.end.offset == marked["2️⃣"])
        #expect(diagnostic.message.contains("is not a valid regular expression"))
    }

    @Test("a valid regular expression passes", arguments: ["'TODO|FIXME'", "'^# Copyright \\(c\\) \\d{4} Acme'"])
    func validPattern(_ pattern: String) {
        let text = MarkedText(Self.policy(pattern: pattern)).text
        #expect(ConfigValidator().validate(text: text).diagnostics.isEmpty)
    }
}
