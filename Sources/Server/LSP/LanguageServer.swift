import Config
import Editor
import JSONRPC
import Model

/// The language-server routes of one connection: lifecycle, document sync and diagnostics, pushed to a client that
/// does not pull them.
///
/// Notifications run one at a time in arrival order (the JSONRPC layer guarantees it), so each
/// `didChange` is applied and its diagnostics published before the next message is looked at.
struct LanguageServer: Sendable {
    let session: ServerSession
    let server: OrchestratorServer

    func register(on router: inout JSONRPCRouter) {
        router.register(InitializeMethod.self) { params, _ in await self.initialize(params) }
        router.register(InitializedNotification.self) { _, context in
            await self.startGateDiagnostics(context: context)
        }
        router.register(ShutdownMethod.self) { _, _ in
            await self.session.beginShutdown()
            return JSONRPCVoid()
        }
        router.register(ExitNotification.self) { _, context in
            await context.close(exitStatus: await self.session.exitStatus)
        }
        router.register(DidOpenNotification.self) { params, context in
            let item = params.textDocument
            _ = await self.session.open(
                uri: item.uri, version: item.version, text: item.text, validator: self.server.validator)
            await self.publish([item.uri], context: context)
        }
        router.register(DidChangeNotification.self) { params, context in
            let changes = params.contentChanges.map { TextChange(range: $0.range, text: $0.text) }
            let uri = params.textDocument.uri
            guard
                await self.session.change(
                    uri: uri, version: params.textDocument.version ?? 0, changes: changes,
                    validator: self.server.validator) != nil
            else {
                context.log("didChange for \(uri), which is not open: ignored")
                return
            }
            await self.publish([uri], context: context)
        }
        router.register(DidSaveNotification.self) { params, context in
            guard await self.session.document(params.textDocument.uri) != nil else { return }
            await self.publish([params.textDocument.uri], context: context)
        }
        router.register(DidCloseNotification.self) { params, context in
            let uri = params.textDocument.uri
            guard await self.session.close(uri: uri) else { return }
            // A closed file is no longer ours to validate, so its config diagnostics go; its gate findings stay
            // (the run judged the file on disk), and the publication carries only those, or clears it.
            await self.publish([uri], context: context)
        }
        self.registerFeatures(on: &router)
    }

    private func initialize(_ params: InitializeParams) async -> InitializeResult {
        let capabilities = params.capabilities
        let encoding = Self.positionEncoding(offered: capabilities?.general?.positionEncodings ?? [])
        await self.session.negotiated(encoding)
        let textDocument = capabilities?.textDocument
        await self.session.negotiated(
            hover: MarkupKind.preferred(in: textDocument?.hover?.contentFormat),
            completionDocumentation: MarkupKind.preferred(
                in: textDocument?.completion?.completionItem?.documentationFormat),
            diagnosticRefresh: capabilities?.workspace?.diagnostics?.refreshSupport == true,
            pullDiagnostics: textDocument?.diagnostic != nil)
        await self.session.rooted(at: params.workspaceRoot)
        return InitializeResult(
            capabilities: ServerCapabilities(positionEncoding: encoding.rawValue),
            serverInfo: .init(name: "orchestrator", version: self.server.version))
    }

    /// The encoding for positions: UTF-8 when offered (no conversion from our byte offsets), else UTF-32 when
    /// offered (libyaml's columns count code points), else UTF-16, LSP's default that every client handles.
    static func positionEncoding(offered: [String]) -> PositionEncoding {
        for preferred in [PositionEncoding.utf8, .utf32] where offered.contains(preferred.rawValue) {
            return preferred
        }
        return .utf16
    }

    /// Publishes what the session holds for `uris` now, in order with every other publication, and returns once
    /// it is written. A client that pulls diagnostics gets none pushed: a client that has both keeps them apart and
    /// would show each twice (neovim/neovim#29927).
    func publish(_ uris: [String], context: JSONRPCConnectionContext) async {
        guard !uris.isEmpty, await !self.session.pullDiagnostics else { return }
        await self.session.enqueuePublication(for: uris) { params in
            try? await context.send(PublishDiagnosticsNotification.self, params: params)
        }.value
    }
}
