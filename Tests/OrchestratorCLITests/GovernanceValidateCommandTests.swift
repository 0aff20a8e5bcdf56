import Foundation
import TestSupport
import Testing

/// `orchestrator governance validate` as a user runs it, in a workspace with one client policy.
@Suite("governance validate command")
struct GovernanceValidateCommandTests {
    static let policy = """
        policy:
          id: acme-corp
          level: client
          client: acme-corp
          gates:
            - id: readme
              type: validator
              phases: [documentation]
              validator: required_sections
              files: ["README.md"]
              sections: [Usage]

        """

    @Test("a client no policy is for gets a warning naming the clients there are, and exit status 0")
    func unmatchedClientWarns() throws {
        let folder = try TemporaryFolder(prefix: "governance-validate")
        defer { folder.remove() }
        try folder.write(Self.policy, to: "governance/acme-corp.yaml")
        let environment = ["ORCHESTRATOR_POLICY_DIR": folder.path + "/no-shared-policies"]
        let text = try CLIRunner.run(
            ["governance", "validate", "--client", "nobody"], in: URL(fileURLWithPath: folder.path),
            environment: environment)
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("warning: no client policy has `client: nobody`"), "\(text.stdout)")
        #expect(text.stdout.contains("client policies: acme-corp"))
        #expect(text.stdout.contains("[no-client-policy]"))

        let json = try CLIRunner.run(
            ["governance", "validate", "--client", "nobody", "--json"], in: URL(fileURLWithPath: folder.path),
            environment: environment)
        #expect(json.status == 0)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let problems = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(problems.map { $0["code"] as? String } == ["no-client-policy"])
        #expect(problems.first?["severity"] as? String == "warning")
        #expect(report["valid"] as? Bool == true)

        let matched = try CLIRunner.run(
            ["governance", "validate", "--client", "acme-corp"], in: URL(fileURLWithPath: folder.path),
            environment: environment)
        #expect(matched.status == 0)
        #expect(!matched.stdout.contains("no-client-policy"), "\(matched.stdout)")
    }
}
