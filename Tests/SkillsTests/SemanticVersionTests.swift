import Skills
import Testing

@Suite("Semantic versions and requirements")
struct SemanticVersionTests {
    @Test(
        "versions parse only in MAJOR.MINOR.PATCH form, with optional prerelease and build",
        arguments: [
            ("1.0.0", "1.0.0"), ("10.20.30", "10.20.30"), ("2.1.0-beta.1", "2.1.0-beta.1"),
            ("1.0.0+build.5", "1.0.0+build.5"), ("1.0", nil), ("1", nil), ("v1.0.0", nil), ("01.0.0", nil),
            ("1.0.0-", nil), ("1.0.0-01", nil), ("1.0.0+", nil), ("1.0.0.0", nil), ("", nil),
        ] as [(String, String?)])
    func parsing(text: String, expected: String?) {
        #expect(SemanticVersion(text)?.description == expected)
    }

    @Test("order follows semver precedence; build metadata is ignored")
    func ordering() throws {
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0",
        ]
        let versions = try ordered.map { try #require(SemanticVersion($0)) }
        #expect(versions == versions.sorted())
        #expect(versions.shuffled().sorted() == versions)
        #expect(SemanticVersion("1.0.0+a") == SemanticVersion("1.0.0+b"))
    }

    @Test(
        "a requirement accepts the same major from its minimum up; = is exact",
        arguments: [
            ("1", "1.0.0", true), ("1", "1.9.3", true), ("1", "2.0.0", false), ("1", "0.9.0", false),
            ("^1.2.0", "1.2.0", true), ("^1.2.0", "1.1.9", false), ("1.2", "1.10.0", true),
            ("1.2", "1.2.0-rc.1", false), ("0", "0.5.0", true), ("=1.2.3", "1.2.3", true), ("=1.2.3", "1.2.4", false),
            (" ^2 ", "2.0.1", true), ("2", "2.1.0-beta.3", false), ("^2.1.0-beta", "2.1.0-beta.3", true),
            ("^2.1.0-beta", "2.1.0", true), ("^2.1.0-beta", "3.0.0", false),
        ])
    func requirements(requirement: String, version: String, accepted: Bool) throws {
        let parsed = try #require(SkillRequirement(requirement))
        #expect(parsed.isSatisfied(by: try #require(SemanticVersion(version))) == accepted)
    }

    @Test(
        "requirements that are none of the forms do not parse",
        arguments: ["", "^", "1.2.3.4", "~1.2", ">=1", "=1.2", "x", "1.2-beta", "1.2.3-"])
    func invalidRequirements(text: String) {
        #expect(SkillRequirement(text) == nil)
    }
}
