import Config
import Editor
import Model
import Skills
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
        #expect(items.map(\.label) == BuiltinSkills.all.map(\.id).filter { $0 != "code_generation" })
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

    // MARK: Flow collections

    @Test("keys of a flow mapping are offered after an emoji, the partly typed key replaced")
    func flowMappingKeys() throws {
        let (items, marked) = complete("project: {name: \"🚀 Launch\", 2️⃣de1️⃣}\nrequirements: [x]\n")
        #expect(items.map(\.label) == ["description"])
        let description = try #require(items.first)
        #expect(description.kind == .key)
        #expect(description.insertText == "description: ")
        #expect(description.range.start.offset == marked["2️⃣"])
        #expect(description.range.end.offset == marked["1️⃣"])
        // 🚀 is 2 UTF-16 code units and 4 UTF-8 bytes.
        #expect(description.range.start.line == 0)
        #expect(description.range.start.utf16Column == 29)
        #expect(description.range.end.utf16Column == 31)
        #expect(description.range.start.utf8Column == 31)
        #expect(description.range.end.utf8Column == 33)
    }

    @Test("the enum values of a provider's name are offered inside a flow mapping")
    func flowMappingEnumValues() throws {
        let (items, marked) = complete("agent:\n  id: x\n  provider: {name: 2️⃣off1️⃣}\n")
        #expect(items.map(\.label) == ["offline"])
        let offline = try #require(items.first)
        #expect(offline.kind == .value)
        #expect(offline.insertText == "offline")
        #expect(offline.range.start.offset == marked["2️⃣"])
        #expect(offline.range.end.offset == marked["1️⃣"])
        #expect(offline.range.start.utf16Column == 19)
        #expect(offline.range.end.utf16Column == 22)

        let (all, _) = complete("project: {name: Demo}\nprovider: {name:1️⃣}\n")
        #expect(all.map(\.label) == ["offline", "anthropic", "claude-code"])
        #expect(all.first?.detail == "default")
        #expect(all.first?.insertText == " offline")

        let (quoted, quotedMarked) = complete("agent: {id: x, provider: {name: \"2️⃣cl1️⃣\"}}\n")
        let claude = try #require(quoted.first { $0.label == "claude-code" })
        #expect(claude.insertText == "claude-code")
        #expect(claude.range.start.offset == quotedMarked["2️⃣"])
        #expect(claude.range.end.offset == quotedMarked["1️⃣"])
    }

    @Test("nested flow collections lead to the place being typed")
    func nestedFlowCollections() throws {
        let (values, marked) = complete("agent: {name: \"日本 🚀\", provider: {name: 2️⃣a1️⃣}}\n")
        #expect(values.map(\.label) == ["anthropic", "claude-code"])
        let anthropic = try #require(values.first)
        #expect(anthropic.range.start.offset == marked["2️⃣"])
        #expect(anthropic.range.end.offset == marked["1️⃣"])
        // 日本 is 2 UTF-16 code units and 6 UTF-8 bytes, 🚀 2 and 4.
        #expect(anthropic.range.start.utf16Column == 40)
        #expect(anthropic.range.end.utf16Column == 41)
        #expect(anthropic.range.start.utf8Column == 46)

        let (itemKeys, _) = complete("agent:\n  id: developer\n  subagents: [{id: developer.a, 1️⃣}]\n")
        #expect(itemKeys.map(\.label) == ["description", "max_steps", "skills", "system_prompt", "tools"])
        let (secondItem, _) = complete("agent:\n  id: developer\n  subagents: [{id: a}, {1️⃣}]\n")
        #expect(secondItem.first?.label == "id")
        let (skills, _) = complete("agent: {id: x, subagents: [{id: x.a, skills: [code_generation, 1️⃣]}]}\n")
        #expect(skills.map(\.label) == BuiltinSkills.all.map(\.id).filter { $0 != "code_generation" })
        let (afterNested, _) = complete("agent: {id: x, provider: {name: offline}, 1️⃣}\n")
        #expect(afterNested.contains { $0.label == "name" })
        #expect(!afterNested.contains { $0.label == "id" || $0.label == "provider" })
    }

    @Test("a flow mapping not yet closed is completed, on its line or a line below")
    func unclosedFlowMapping() throws {
        let (items, marked) = complete("project: {name: \"🚀 Launch\", 2️⃣de1️⃣")
        let description = try #require(items.first)
        #expect(items.map(\.label) == ["description"])
        #expect(description.range.start.offset == marked["2️⃣"])
        #expect(description.range.end.offset == marked["1️⃣"])
        #expect(description.range.start.utf16Column == 29)

        let (below, belowMarked) = complete("project: {name: x,\n  2️⃣cl1️⃣\nphases: [qa]\n")
        #expect(below.map(\.label) == ["client"])
        #expect(below.first?.range.start.offset == belowMarked["2️⃣"])
        #expect(below.first?.range.end.offset == belowMarked["1️⃣"])
    }

    @Test("keys a flow mapping already has, before or after the cursor, are not offered again")
    func flowMappingExistingKeys() throws {
        let (after, _) = complete("project: {name: x, client: y, 1️⃣}\n")
        #expect(after.map(\.label) == ["description"])
        let (before, _) = complete("project: {1️⃣, name: x}\n")
        #expect(before.map(\.label) == ["client", "description"])
        let (lineBelow, _) = complete("project: {\n  1️⃣\n  name: x}\nphases: [qa]\n")
        #expect(lineBelow.map(\.label) == ["client", "description"])
        #expect(before.first?.insertText == "client: ")
        let (comma, _) = complete("project: {name: x,1️⃣}\n")
        #expect(comma.first?.insertText == " client: ")
        let (named, marked) = complete("project: {name: x, 2️⃣cli1️⃣ent3️⃣: acme}\n")
        let client = try #require(named.first)
        #expect(named.map(\.label) == ["client"])
        #expect(client.insertText == "client")
        #expect(client.range.start.offset == marked["2️⃣"])
        #expect(client.range.end.offset == marked["3️⃣"])
    }

    @Test(
        "nothing is offered inside a quoted string or after a complete value of a flow mapping",
        arguments: [
            // Read without its quotes, `de` would be a new key of `project`.
            "project: {name: \"x, de1️⃣\", client: y}\n",
            "project: {name: 'it''s {de1️⃣', client: y}\n",
            "project: {name: \"x, de1️⃣",
            "project: {name: x}\nprovider: {name: offline 1️⃣}\n",
            "project: {name: x}\nprovider: {name: offline} 1️⃣\n",
            "project: {name: x, # de1️⃣\n",
        ])
    func nothingInFlowString(_ fixture: String) {
        #expect(complete(fixture).items.isEmpty)
    }

    @Test("a block line under an unclosed flow list stays in block context")
    func blockLineUnderUnclosedFlow() {
        let (items, _) = complete("project:\n  name: Demo\nphases: [planning,\nprovider:\n  name: 1️⃣\n")
        #expect(items.map(\.label) == ["offline", "anthropic", "claude-code"])
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
