import Config
import Foundation
import Model
import Skills
import TestSupport
import Testing

@Suite("Skill registry loading")
struct SkillRegistryLoadingTests {
    static func skillYAML(id: String, version: String, triggers: [String] = ["churn"]) -> String {
        """
        skill:
          id: \(id)
          version: "\(version)"
          triggers: [\(triggers.joined(separator: ", "))]
          methodology:
            - step: analyse
              description: Look at it.
        """
    }

    @Test("a workspace skill with a built-in id and a higher version wins, and replaces the built-in versions")
    func workspaceOverrideWins() throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        try folder.write(
            Self.skillYAML(id: "time_series_forecasting", version: "2.0.0", triggers: ["forecasting"]),
            to: "skills/time_series_forecasting.yaml")

        let (registry, diagnostics) = SkillRegistry.load(workspace: folder.path)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(registry.skill(id: "time_series_forecasting")?.version == "2.0.0")
        #expect(registry.versions(of: "time_series_forecasting").map(\.version) == ["2.0.0"])
        #expect(registry.skill(id: "time_series_forecasting", compatibleWith: "1") == nil)
        #expect(registry.skill(id: "code_review")?.version == "1.0.0", "other built-ins stay")
        let skill = try #require(registry.skill(id: "time_series_forecasting"))
        #expect(registry.file(of: skill) == folder.path + "/skills/time_series_forecasting.yaml")
    }

    @Test("a workspace skill replaces the built-in one even with a lower version")
    func workspaceReplacesEvenWhenLower() throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        try folder.write(Self.skillYAML(id: "code_review", version: "0.9.0"), to: "skills/code_review.yml")

        let (registry, _) = SkillRegistry.load(workspace: folder.path)
        #expect(registry.skill(id: "code_review")?.version == "0.9.0")
    }

    @Test(
        "a requirement keeps the major version and sets a minimum; the highest accepted version wins",
        arguments: [
            (nil, "2.0.0"), ("1", "1.2.0"), ("^1.2.0", "1.2.0"), ("1.1", "1.2.0"), ("^1.3", nil), ("2", "2.0.0"),
            ("=1.0.0", "1.0.0"), ("3", nil), ("not a version", nil), ("^2.1.0-beta", "2.1.0-beta.1"),
            ("=2.1.0-beta.1", "2.1.0-beta.1"),
        ] as [(String?, String?)])
    func compatibility(requirement: String?, expected: String?) throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        for version in ["1.0.0", "1.2.0", "2.0.0", "2.1.0-beta.1"] {
            try folder.write(Self.skillYAML(id: "churn_analysis", version: version), to: "skills/churn-\(version).yaml")
        }

        let (registry, diagnostics) = SkillRegistry.load(workspace: folder.path)
        #expect(diagnostics.isEmpty)
        #expect(
            registry.versions(of: "churn_analysis").map(\.version) == ["2.1.0-beta.1", "2.0.0", "1.2.0", "1.0.0"])
        #expect(registry.skill(id: "churn_analysis", compatibleWith: requirement)?.version == expected)
        #expect(registry.skills.first { $0.id == "churn_analysis" }?.version == "2.0.0", "releases before prereleases")
    }

    @Test("an invalid workspace skill is skipped with a diagnostic at its file, line and column")
    func invalidSkillDiagnostic() throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        let marked = MarkedText(
            """
            skill:
              id: churn_analysis
              version: 1️⃣"1.0"
              triggers: [churn]
              methodology:
                - step: analyse
            """)
        try folder.write(marked.text, to: "skills/churn.yaml")
        try folder.write(Self.skillYAML(id: "retention", version: "1.0.0"), to: "skills/retention.yaml")

        let (registry, diagnostics) = SkillRegistry.load(workspace: folder.path)
        #expect(registry.skill(id: "churn_analysis") == nil)
        #expect(registry.skill(id: "retention") != nil, "the other file still loads")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.file == folder.path + "/skills/churn.yaml")
        #expect(diagnostic.diagnostic.severity == .error)
        #expect(diagnostic.diagnostic.range.start.offset == marked["1️⃣"])
        #expect(diagnostic.description.hasPrefix(folder.path + "/skills/churn.yaml:3:12: error: "))
    }

    @Test("a second file with the same id and version is skipped with a diagnostic pointing at the first")
    func duplicateDiagnostic() throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        try folder.write(
            Self.skillYAML(id: "churn_analysis", version: "1.0.0", triggers: ["first"]), to: "skills/a.yaml")
        try folder.write(
            Self.skillYAML(id: "churn_analysis", version: "1.0.0", triggers: ["second"]), to: "skills/b.yaml")

        let (registry, diagnostics) = SkillRegistry.load(workspace: folder.path)
        #expect(registry.skill(id: "churn_analysis")?.triggers == ["first"])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.diagnostic.code == SkillDiagnostic.Code.duplicateVersion)
        #expect(diagnostic.file == folder.path + "/skills/b.yaml")
        #expect(diagnostic.diagnostic.range.start.line == 2)
        #expect(diagnostic.diagnostic.related.first?.file == folder.path + "/skills/a.yaml")
    }

    @Test("a workspace without a skills directory, and files that are not YAML, give no diagnostics")
    func nothingToLoad() throws {
        let folder = try TemporaryFolder(prefix: "skills")
        defer { folder.remove() }
        #expect(SkillRegistry.load(workspace: folder.path).diagnostics.isEmpty)
        try folder.write("notes", to: "skills/README.md")
        try folder.write(Self.skillYAML(id: "nested", version: "1.0.0"), to: "skills/drafts/nested.yaml")
        let (registry, diagnostics) = SkillRegistry.load(workspace: folder.path)
        #expect(diagnostics.isEmpty)
        #expect(registry.skill(id: "nested") == nil, "only skills/*.yaml, not subdirectories")
    }

    @Test("the example workspace loads clean and its time_series_forecasting replaces the built-in one")
    func exampleWorkspace() throws {
        let (registry, diagnostics) = SkillRegistry.load(
            workspace: repositoryRoot.appendingPathComponent("examples/analytics").path)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(
            registry.skill(id: "time_series_forecasting")?.triggers
                == ["forecast", "forecasting", "demand forecasting", "predict", "time series"])
    }

    @Test("unknown skill ids are reported once each, in order, with the agent that lists them")
    func unknownSkills() throws {
        let registry = SkillRegistry(BuiltinSkills.all)
        #expect(
            registry.unknownSkills(in: ["code_review", "react_native", "ml_ops", "react_native"]) == [
                "react_native", "ml_ops",
            ])
        let yaml = """
            agent:
              id: developer
              skills: [code_generation, quantum]
              subagents:
                - id: developer.mobile
                  skills: [swiftui]
            """
        let agent = try ConfigLoader().load(AgentConfig.Document.self, kind: .agent, bytes: Array(yaml.utf8)).agent
        #expect(
            registry.unknownSkills(referencedBy: [agent]) == [
                UnknownSkillReference(agentID: "developer", skillID: "quantum"),
                UnknownSkillReference(agentID: "developer.mobile", skillID: "swiftui"),
            ])
    }
}
