import Config
import Editor
import JSONRPC
import Model
import Testing

@testable import Server

@Suite("Session lifecycle")
struct ServerSessionTests {
    @Test("scripting methods answer without initialize; LSP-only requests get -32002")
    func scriptingPhase() async {
        let session = ServerSession()
        #expect(session.admit(request: "config/validate") == nil)
        #expect(session.admit(request: "server/info") == nil)
        #expect(session.admit(request: "textDocument/hover")?.code == -32002)
        #expect(session.admit(request: "shutdown")?.code == -32002)
        #expect(session.admit(notification: "textDocument/didOpen") == false)
        #expect(session.admit(notification: "exit") == true)
        #expect(await session.exitStatus == 1)
    }

    @Test("initialize opens the LSP phase once; shutdown refuses everything but exit")
    func languageServerPhase() async {
        let session = ServerSession()
        #expect(session.admit(request: "initialize") == nil)
        #expect(session.admit(request: "initialize")?.code == -32600)
        #expect(session.admit(request: "textDocument/hover") == nil)
        #expect(session.admit(notification: "textDocument/didChange") == true)
        await session.beginShutdown()
        #expect(session.admit(request: "server/info")?.code == -32600)
        #expect(session.admit(notification: "textDocument/didChange") == false)
        #expect(session.admit(notification: "exit") == true)
        #expect(await session.exitStatus == 0)
    }

    @Test("admitting shutdown already refuses what follows, before its handler has run")
    func shutdownTakesEffectOnArrival() async {
        let session = ServerSession()
        #expect(session.admit(request: "initialize") == nil)
        #expect(await session.exitStatus == 1)
        #expect(session.admit(request: "shutdown") == nil)
        #expect(session.admit(request: "server/info")?.code == -32600)
        #expect(session.admit(request: "shutdown")?.code == -32600)
        #expect(await session.exitStatus == 0)
    }

    @Test("incremental changes in UTF-16 after an emoji fix the unknown key; other YAML gets no diagnostics")
    func incrementalSync() async {
        let session = ServerSession()
        _ = session.admit(request: "initialize")
        let validator = ConfigValidator()
        let text =
            "project: {name: \"🚀 x\", clinet: acme}\nrequirements: [a]\nphases: [planning, architecture, development, qa, documentation]\n"
        let opened = await session.open(uri: "file:///w/intake.yaml", version: 1, text: text, validator: validator)
        let unknown = opened.publishableDiagnostics.filter { $0.code == "unknown-key" }
        #expect(unknown.count == 1)
        // `project: {name: "🚀 x", ` is 23 code points; 🚀 takes 2 UTF-16 units, so `clinet` starts at 24.
        let range = LSPDiagnostic.Range(unknown[0].range, encoding: .utf16)
        #expect(range.start.line == 0 && range.start.character == 24 && range.end.character == 30)
        let fix = TextChange(
            start: .init(line: 0, character: 24), end: .init(line: 0, character: 30), text: "client")
        let changed = await session.change(
            uri: "file:///w/intake.yaml", version: 2, changes: [fix], validator: validator)
        #expect(changed?.version == 2)
        #expect(changed?.publishableDiagnostics.isEmpty == true)

        let compose = await session.open(
            uri: "file:///w/compose.yaml", version: 1, text: "services:\n  web: {image: nginx}\n", validator: validator)
        #expect(compose.analysis.diagnostics.isEmpty == false, "the validator does flag it as of no kind")
        #expect(compose.publishableDiagnostics.isEmpty)
        #expect(await session.close(uri: "file:///w/compose.yaml"))
        #expect(await session.close(uri: "file:///w/compose.yaml") == false)
    }
}
