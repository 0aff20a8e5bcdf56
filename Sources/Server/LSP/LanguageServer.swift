import Config
import JSONRPC
import Model

/// The language-server routes of one connection: lifecycle, document sync and push diagnostics.
///
/// Notifications run one at a time in arrival order (the JSONRPC layer guarantees it), so each
/// `didChange` is applied and its diagnostics published before the next message is looked at.
struct LanguageServer: Sendable {
    let session: ServerSession
    let server: OrchestratorServer

    func register(on router: inout JSONRPCRouter) {
        router.register(InitializeMethod.self) { params, _ in await self.initialize(params) }
        router.register(InitializedNotification.self) { _, _ in }
        router.register(ShutdownMethod.self) { _, _ in
            await self.session.beginShutdown()
            return JSONRPCVoid()
        }
        router.register(ExitNotification.self) { _, context in
            await context.close(exitStatus: await self.session.exitStatus)
        }
        router.register(DidOpenNotification.self) { params, context in
            let item = params.textDocument
            let document = await self.session.open(
                uri: item.uri, version: item.version, text: item.text, validator: self.server.validator)
            await self.publish(document, context: context)
        }
        router.register(DidChangeNotification.self) { params, context in
            let changes = params.contentChanges.map { TextChange(range: $0.range, text: $0.text) }
            let uri = params.textDocument.uri
            guard
                let document = await self.session.change(
                    uri: uri, version: params.textDocument.version ?? 0, changes: changes,
                    validator: self.server.validator)
            else {
                context.log("didChange for \(uri), which is not open: ignored")
                return
            }
            await self.publish(document, context: context)
        }
        router.register(DidSaveNotification.self) { params, context in
            guard let document = await self.session.document(params.textDocument.uri) else { return }
            await self.publish(document, context: context)
        }
        router.register(DidCloseNotification.self) { params, context in
            let uri = params.textDocument.uri
            guard await self.session.close(uri: uri) else { return }
            // Clear what the editor shows: a closed file is no longer ours to judge.
            try? await context.send(
                PublishDiagnosticsNotification.self,
                params: PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: []))
        }
        self.registerFeatures(on: &router)
    }

    private func initialize(_ params: InitializeParams) async -> InitializeResult {
        let offered = params.capabilities?.general?.positionEncodings ?? []
        // UTF-16 is LSP's default and mandatory; UTF-8 saves conversions when the client offers it.
        let encoding: PositionEncoding = offered.contains(PositionEncoding.utf8.rawValue) ? .utf8 : .utf16
        await self.session.negotiated(encoding)
        return InitializeResult(
            capabilities: ServerCapabilities(positionEncoding: encoding.rawValue),
            serverInfo: .init(name: "orchestrator", version: self.server.version))
    }

    private func publish(_ document: OpenDocument, context: JSONRPCConnectionContext) async {
        let encoding = await self.session.positionEncoding
        let diagnostics = document.publishableDiagnostics.map {
            LSPDiagnostic($0, uri: document.uri, encoding: encoding)
        }
        try? await context.send(
            PublishDiagnosticsNotification.self,
            params: PublishDiagnosticsParams(uri: document.uri, version: document.version, diagnostics: diagnostics))
    }
}
