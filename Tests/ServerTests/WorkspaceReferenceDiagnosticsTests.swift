import Config
import Foundation
import Model
import Testing

@testable import Server

@Suite("The language server checks what an open file names in its workspace")
struct WorkspaceReferenceDiagnosticsTests {
    @Test("an agent's prompt file that cannot be read is an error at its key; an unknown skill names the closest")
    func agentDocument() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("references-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("agents"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("agents/dev.yaml").path
        let text = "agent:\n  id: dev\n  system_prompt: prompts/dev.md\n  skills: [code_generaton]\n"
        let document = OpenDocument(
            uri: FileURI.from(path: path), version: 1, text: text, validator: ConfigValidator())
        let diagnostics = document.publishableDiagnostics
        let prompt = try #require(diagnostics.first { $0.code == DiagnosticCode.missingPromptFile })
        #expect(prompt.range.start.line == 2 && prompt.range.start.utf16Column == 2 && prompt.severity == .error)
        let skill = try #require(diagnostics.first { $0.code == DiagnosticCode.unknownSkill })
        #expect(skill.message.contains("did you mean 'code_generation'?") && skill.range.start.line == 3)
        // With the file in place the prompt is fine.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("agents/prompts"), withIntermediateDirectories: true)
        try "You develop.\n".write(
            toFile: root.appendingPathComponent("agents/prompts/dev.md").path, atomically: true, encoding: .utf8)
        let again = OpenDocument(uri: FileURI.from(path: path), version: 2, text: text, validator: ConfigValidator())
        #expect(!again.publishableDiagnostics.contains { $0.code == DiagnosticCode.missingPromptFile })
    }
}
