import Config
import Foundation
import Model
import Skills
import Testing

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Built-in skills")
struct BuiltinSkillTests {
    static let sourceDirectory = repositoryRoot.appendingPathComponent("Sources/Skills/Resources/skills")

    @Test("the binary's built-in skills equal Sources/Skills/Resources/skills (run `make generate` when this fails)")
    func embeddedCopiesMatch() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.sourceDirectory.path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(Set(names) == Set(BuiltinSkills.sources.keys))
        for name in names {
            let source = try String(contentsOf: Self.sourceDirectory.appendingPathComponent(name), encoding: .utf8)
            #expect(BuiltinSkills.sources[name] == source, "\(name) differs")
        }
    }

    @Test(
        "every built-in skill validates clean against the skill schema", arguments: BuiltinSkills.sources.keys.sorted())
    func builtinValidates(_ name: String) throws {
        let text = try #require(BuiltinSkills.sources[name])
        let result = ConfigValidator().validate(text: text, kind: .skill)
        #expect(result.diagnostics.isEmpty, "\(name): \(result.diagnostics.map(\.message))")
        let skill = try ConfigLoader().load(SkillDefinition.Document.self, kind: .skill, bytes: Array(text.utf8)).skill
        #expect(name == "\(skill.id).yaml")
        #expect(skill.version == "1.0.0")
        #expect(skill.name?.isEmpty == false)
        #expect(skill.description?.isEmpty == false)
        #expect(skill.triggers.count >= 5)
        #expect(skill.methodology.count >= 4)
        #expect(skill.methodology.allSatisfy { $0.description?.isEmpty == false }, "every step says what to do")
        #expect(skill.methodology.contains { $0.outputs?.isEmpty == false }, "some step names its outputs")
        #expect(skill.tools?.isEmpty == false)
        #expect(skill.phases?.isEmpty == false)
    }

    @Test("the built-ins load without diagnostics and cover the skills the design lists")
    func builtinsLoad() {
        let (registry, diagnostics) = SkillRegistry.load(workspace: nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        #expect(registry.skills.count == BuiltinSkills.sources.count)
        #expect(BuiltinSkills.all.map(\.id) == registry.ids)
    }

    @Test("every skill the built-in agents and the example workspace's agents list exists")
    func agentReferencesResolve() throws {
        let (registry, _) = SkillRegistry.load(workspace: nil)
        #expect(registry.unknownSkills(referencedBy: BuiltinAgents.all).isEmpty)
        let example = try ConfigLoader().agent(
            at: repositoryRoot.appendingPathComponent("examples/analytics/agents/developer.yaml").path)
        #expect(registry.unknownSkills(referencedBy: [example]).isEmpty)
    }
}
