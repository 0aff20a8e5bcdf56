import Config
import Model
import TestSupport
import Testing

@Suite("Editor completion")
struct EditorCompletionTests {
    /// The completions at marker 1️⃣ of a fixture.
    private func complete(_ fixture: String) -> (items: [ConfigCompletionItem], marked: MarkedText) {
        let marked = MarkedText(fixture)
        return (ConfigDocument(text: marked.text).completions(atOffset: marked["1️⃣"]), marked)
    }

    @Test("keys of a mapping leave out the keys already present")
    func keysOfProject() throws {
        let (items, marked) = complete("project:\n  name: Demo\n  1️⃣\n")
        #expect(items.map(\.label) == ["client", "description"])
        let client = try #require(items.first)
        #expect(client.kind == .key)
        #expect(client.insertText == "client: ")
        #expect(client.range.start.offset == marked["1️⃣"])
        #expect(client.range.end.offset == marked["1️⃣"])
        #expect(client.detail == "string")
        #expect(client.documentation?.contains("Client slug") == true)
    }

    @Test("a partly typed key is replaced by the completion")
    func partialKey() throws {
        let (items, marked) = complete("project:\n  name: Demo\n  2️⃣cli1️⃣\n")
        let client = try #require(items.first { $0.label == "client" })
        #expect(client.range.start.offset == marked["2️⃣"])
        #expect(client.range.end.offset == marked["1️⃣"])
        #expect(!items.contains { $0.label == "name" })
    }

    @Test("completing the name of an existing key replaces only the name")
    func keyWithColon() throws {
        let (items, marked) = complete("project:\n  name: Demo\n  2️⃣cl1️⃣ie3️⃣: acme\n")
        let client = try #require(items.first { $0.label == "client" })
        #expect(client.insertText == "client")
        #expect(client.range.start.offset == marked["2️⃣"])
        #expect(client.range.end.offset == marked["3️⃣"])
    }

    @Test("keys in a list item's mapping come from the item schema")
    func subagentKeys() {
        let fixture = """
            agent:
              id: developer
              subagents:
                - id: developer.frontend
                  1️⃣
                - id: developer.backend
                  tools: [git]
            """
        #expect(
            complete(fixture).items.map(\.label) == ["description", "max_steps", "skills", "system_prompt", "tools"])
    }

    @Test("keys after a new dash include every key of the item schema")
    func newItemKeys() throws {
        let (items, _) = complete("agent:\n  id: developer\n  subagents:\n    - 1️⃣\n")
        #expect(items.first?.label == "id")
        #expect(items.first?.detail == "string · required")
        let skills = try #require(items.first { $0.label == "skills" })
        #expect(skills.insertText == "skills: []")
    }

    @Test("a key whose value is a mapping or a list of mappings opens an indented block")
    func blockInsertText() throws {
        let (items, _) = complete("project:\n  name: Demo\n1️⃣\n")
        #expect(items.first { $0.label == "constraints" }?.insertText == "constraints:\n  ")
        #expect(items.first { $0.label == "requirements" }?.insertText == "requirements: []")
        #expect(items.first { $0.label == "budget_tokens" } == nil)
        let (agentItems, _) = complete("agent:\n  id: x\n  1️⃣\n")
        #expect(agentItems.first { $0.label == "subagents" }?.insertText == "subagents:\n    - ")
        #expect(agentItems.first { $0.label == "provider" }?.insertText == "provider:\n    ")
    }

    @Test("enum values are offered after `name: ` of a provider, the default marked")
    func providerNames() throws {
        let (items, marked) = complete("project:\n  name: Demo\nprovider:\n  name: 1️⃣")
        #expect(items.map(\.label) == ["offline", "anthropic", "claude-code"])
        #expect(items.allSatisfy { $0.kind == .value && $0.range.start.offset == marked["1️⃣"] })
        #expect(items.first?.detail == "default")
    }

    @Test("right after a colon the value brings its own space")
    func valueAfterColon() {
        let (items, _) = complete("project:\n  name: Demo\nprovider:\n  name:1️⃣\n")
        #expect(items.first?.insertText == " offline")
    }

    @Test("phase names in a flow list leave out the phases already listed")
    func phaseNames() throws {
        let (items, _) = complete("project:\n  name: Demo\nphases: [planning, 1️⃣")
        #expect(items.map(\.label) == ["architecture", "data", "development", "qa", "documentation"])
        #expect(items.first?.insertText == "architecture")
        let (tight, _) = complete("project:\n  name: Demo\nphases: [planning,1️⃣ qa]\n")
        #expect(tight.first?.insertText == " architecture")
        #expect(!tight.contains { $0.label == "qa" })
    }

    @Test("a partly typed item of a block list is completed with the values not yet listed")
    func blockListItems() throws {
        let (items, marked) = complete("project:\n  name: Demo\nphases:\n  - planning\n  - 2️⃣ar1️⃣\n  - qa\n")
        #expect(items.map(\.label) == ["architecture"])
        let (all, _) = complete("project:\n  name: Demo\nphases:\n- planning\n- 1️⃣\nconstraints:\n  timeline: x\n")
        #expect(all.map(\.label) == ["architecture", "data", "development", "qa", "documentation"])
        #expect(items.first?.range.start.offset == marked["2️⃣"])
    }

    @Test("agent ids are offered in an intake's per-phase agent lists")
    func agentIDs() throws {
        let (items, _) = complete("project:\n  name: Demo\nagents:\n  qa: [1️⃣")
        let expected = BuiltinAgents.all.map(\.id)
        #expect(!expected.isEmpty)
        #expect(Set(expected).isSubset(of: Set(items.map(\.label))))
        #expect(items.contains { $0.label == "developer.frontend" })
        let qa = try #require(items.first { $0.label == "qa" })
        #expect(qa.kind == .agent)
        #expect(qa.documentation == BuiltinAgents.agent(id: "qa")?.description)
    }

    @Test("skill ids are offered in an agent's skills, leaving out those listed")
    func skillIDs() {
        let (items, _) = complete("agent:\n  id: x\n  skills: [code_generation, 1️⃣]\n")
        #expect(items.map(\.label) == BuiltinSkillIDs.all.filter { $0 != "code_generation" })
        #expect(items.allSatisfy { $0.kind == .skill })
    }

    @Test("booleans offer true and false; operators are quoted so they stay strings")
    func booleansAndOperators() throws {
        let policy = "policy:\n  id: p\n  level: universal\n  gates:\n    - id: g\n      type: metric\n"
        let (booleans, _) = complete(policy + "      locked: 1️⃣\n")
        #expect(booleans.map(\.label) == ["true", "false"])
        #expect(booleans.last?.detail == "default")
        let (operators, _) = complete(policy + "      operator: 1️⃣\n")
        #expect(operators.first?.label == ">=")
        #expect(operators.first?.insertText == "\">=\"")
        #expect(operators.first { $0.label == "<" }?.insertText == "<")
        let (quoted, _) = complete(policy + "      operator: \"1️⃣\n")
        #expect(quoted.first?.insertText == ">=")
    }

    @Test("the top level of an empty file offers the top-level keys of all four kinds")
    func emptyFile() {
        let labels = complete("1️⃣").items.map(\.label)
        // Each kind's required keys first, then the others by name (the schema loader's order).
        #expect(
            labels == [
                "project", "requirements", "phases", "agents", "artifacts", "constraints", "provider",
                "agent", "policy", "skill",
            ])
    }

    @Test("the top level of a file of one kind offers that kind's keys")
    func topLevelOfKind() {
        let (items, _) = complete("skill:\n  id: s\n1️⃣\n")
        #expect(items.isEmpty)
        let (intake, _) = complete("project:\n  name: x\nphases: [qa]\n1️⃣\n")
        #expect(intake.map(\.label) == ["requirements", "agents", "artifacts", "constraints", "provider"])
    }

    @Test(
        "nothing is offered in comments, block scalars or another tool's file",
        arguments: [
            "project:\n  name: Demo # 1️⃣\n",
            "agent:\n  system_prompt: |\n    You are\n    1️⃣\n",
            "# yaml-language-server: $schema=https://example.com/other.json\n1️⃣\n",
            "project:\n  name: Demo\nphases: [qa] 1️⃣\n",
        ])
    func nothingOffered(_ fixture: String) {
        #expect(complete(fixture).items.isEmpty)
    }
}
