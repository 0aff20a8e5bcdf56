import Config
import Foundation
import Testing

@Suite("Agent files parsed once per content")
struct AgentFileMemoTests {
    static func agent(description: String) -> String {
        "agent:\n  id: lead\n  description: \(description)\n  phases: [planning]\n  system_prompt: ../prompts/lead.md\n"
    }

    @Test("an edit right after a load is seen at the next load, and so is a prompt file that went missing")
    func editsAndPromptFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/agents", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/prompts", withIntermediateDirectories: true)
        try "You lead.".write(toFile: root + "/prompts/lead.md", atomically: true, encoding: .utf8)
        let file = root + "/agents/lead.yaml"
        try Self.agent(description: "First").write(toFile: file, atomically: false, encoding: .utf8)
        let memo = AgentFileMemo()

        let first = AgentCatalog.load(workspace: root, memo: memo)
        #expect(first.errors.isEmpty)
        #expect(first.catalog.agent(id: "lead")?.description == "First")
        // Same size, written in place within the same timestamp tick: only the content tells.
        try Self.agent(description: "Again").write(toFile: file, atomically: false, encoding: .utf8)
        #expect(AgentCatalog.load(workspace: root, memo: memo).catalog.agent(id: "lead")?.description == "Again")

        try FileManager.default.removeItem(atPath: root + "/prompts/lead.md")
        let missing = AgentCatalog.load(workspace: root, memo: memo)
        #expect(missing.errors.count == 1)
        #expect(missing.errors.first?.description.contains("prompts/lead.md") == true)
        // The same as a load without a memo, error for error.
        #expect(missing.errors.map(\.description) == AgentCatalog.load(workspace: root).errors.map(\.description))

        try "agent: [not, a, map".write(toFile: file, atomically: false, encoding: .utf8)
        let broken = AgentCatalog.load(workspace: root, memo: memo)
        #expect(broken.errors.count == 1)
        #expect(broken.catalog.agent(id: "lead")?.description != "Again")
    }
}
