import Config
import JSONRPC
import Model
import Testing

@testable import Server

/// The language server publishes the validator's capped list: a file of 100,000 duplicates is 101 diagnostics.
@Suite("Diagnostic cap in the language server")
struct DiagnosticCapServerTests {
    @Test("an open document with 100,000 duplicate phases publishes the cap + 1 diagnostics")
    func publishedDiagnosticsAreCapped() async {
        let session = ServerSession()
        _ = session.admit(request: "initialize")
        let phases = Array(repeating: "planning", count: 100_000).joined(separator: ",")
        let text =
            "project:\n  name: x\nrequirements: [a]\nphases: [\(phases),architecture,development,qa,documentation]\n"
        let opened = await session.open(
            uri: "file:///w/intake.yaml", version: 1, text: text, validator: ConfigValidator())
        let published = opened.publishableDiagnostics
        #expect(published.count == ConfigValidator.defaultMaxDiagnostics + 1)
        #expect(published.last?.code == DiagnosticCode.tooManyDiagnostics)
    }
}
