import Config
import Editor
import Foundation
import Model
import SQLiteStore
import StorePort
import Testing

@testable import Server

@Suite("Publishing gate diagnostics")
struct GatePublicationTests {
    static let intakeWithTypo =
        "project: {name: p, clinet: acme}\nrequirements: [a]\nphases: [planning, architecture, development, qa, documentation]\n"

    static func finding(_ code: String, line: Int) -> Diagnostic {
        Diagnostic(range: SourceRange(at: SourcePosition(line: line, column: 0, offset: 0)), code: code, message: code)
    }

    @Test(
        "a publication carries the open document's diagnostics and its file's gate findings; closing keeps the latter")
    func union() async throws {
        let workspace = try await GateWorkspace.make()
        defer { workspace.remove() }
        try workspace.write(Self.intakeWithTypo, to: "intake.yaml")
        try await workspace.insertWorkflow("p-1", intakeText: Self.intakeWithTypo)
        try await workspace.insertEvaluation(
            workflow: "p-1", phase: .development,
            results: [
                (
                    "license-header", .failed, .blocking,
                    GateResultJSON.result(
                        "license-header", status: "failed", message: "1 file",
                        findings: [GateResultJSON.finding("license-header", "src/app.py", line: 0, from: 0, to: 3, "x")]
                    )
                ),
                (
                    "artifacts.required", .failed, .blocking,
                    GateResultJSON.result("artifacts.required", status: "failed", message: "no file matches 'a'")
                ),
            ])
        let session = ServerSession()
        _ = session.admit(request: "initialize")
        await session.rooted(at: workspace.root + "/")
        #expect(await session.workspaceRoot == workspace.root)

        // The client spells the intake's URI its own way; publications must use that spelling.
        let intakeURI = "file://" + workspace.root + "/./intake.yaml"
        _ = await session.open(uri: intakeURI, version: 3, text: Self.intakeWithTypo, validator: ConfigValidator())
        let diagnostics = GateDiagnostics(
            try await StoredGateEvaluation.latest(in: workspace.store), root: workspace.root
        ) {
            _ in nil
        }
        let appURI = FileURI.from(path: workspace.root + "/src/app.py")
        #expect(await session.replaceGateDiagnostics(diagnostics) == [intakeURI, appURI].sorted())
        #expect(await session.gateGeneration == 1)
        #expect(await session.replaceGateDiagnostics(diagnostics) == [], "an unchanged reading publishes nothing")

        let open = await session.publication(for: intakeURI)
        #expect(open.version == 3)
        #expect(open.diagnostics.map(\.code) == ["unknown-key", "artifacts.required"])
        #expect(open.diagnostics[1].message == "development: no file matches 'a'")
        // `phases: [planning, architecture, ` is 33 characters.
        #expect(open.diagnostics[1].range.start.line == 2 && open.diagnostics[1].range.start.character == 33)

        let app = await session.publication(for: appURI)
        #expect(app.version == nil && app.diagnostics.map(\.code) == ["license-header"])
        #expect(app.diagnostics[0].severity == Diagnostic.Severity.error.rawValue)

        #expect(await session.close(uri: intakeURI))
        let closed = await session.publication(for: intakeURI)
        #expect(closed.version == nil && closed.diagnostics.map(\.code) == ["artifacts.required"])

        // A reading without them clears both files.
        #expect(await session.replaceGateDiagnostics(GateDiagnostics()).count == 2)
        #expect(await session.publication(for: appURI).diagnostics.isEmpty)
    }

    @Test("publications queued one after another are sent in that order, each composed when its turn comes")
    func ordering() async throws {
        let session = ServerSession()
        let sent = Sent()
        let uri = "file:///w/a.yaml"
        _ = await session.open(uri: uri, version: 1, text: "x: 1\n", validator: ConfigValidator())
        let first = await session.enqueuePublication(for: [uri]) { _ in
            // A slow first send: the second must still wait for it.
            try? await Task.sleep(for: .milliseconds(50))
            await sent.append("first")
        }
        _ = await session.change(
            uri: uri, version: 2, changes: [TextChange(replacingAllWith: "x: 2\n")], validator: ConfigValidator())
        let second = await session.enqueuePublication(for: [uri]) { params in
            await sent.append("second v\(params.version ?? 0)")
        }
        await second.value
        #expect(await sent.values == ["first", "second v2"])
        await first.value
    }

    @Test("the workspace root comes from rootUri, else the first workspace folder")
    func workspaceRoot() async throws {
        let decoder = JSONDecoder()
        func root(_ json: String) throws -> String? {
            try decoder.decode(InitializeParams.self, from: Data(json.utf8)).workspaceRoot
        }
        #expect(
            try root(#"{"rootUri": "file:///a/b", "workspaceFolders": [{"uri": "file:///c", "name": "c"}]}"#) == "/a/b")
        #expect(try root(#"{"rootUri": null, "workspaceFolders": [{"uri": "file:///c", "name": "c"}]}"#) == "/c")
        #expect(try root(#"{"workspaceFolders": null}"#) == nil)
        #expect(try root(#"{"rootUri": "untitled:x"}"#) == nil)
    }
}

private actor Sent {
    var values: [String] = []
    func append(_ value: String) { values.append(value) }
}
