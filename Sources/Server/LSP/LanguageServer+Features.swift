import Config
import Editor
import JSONRPC
import Model

/// Hover, completion, quick fixes, outline and pull diagnostics over ``ConfigDocument``.
extension LanguageServer {
    func registerFeatures(on router: inout JSONRPCRouter) {
        router.register(HoverMethod.self) { params, _ in
            let (document, encoding) = try await self.analysis(of: params.textDocument.uri)
            guard document.kind != nil else { return nil }
            let offset = document.offset(
                line: params.position.line, character: params.position.character, encoding: encoding)
            let format = await self.session.hoverFormat
            return document.hover(atOffset: offset).map {
                Hover(
                    contents: MarkupContent(markdown: $0.markdown, as: format),
                    range: LSPDiagnostic.Range($0.range, encoding: encoding))
            }
        }
        router.register(CompletionMethod.self) { params, _ in
            let (document, encoding) = try await self.analysis(of: params.textDocument.uri)
            let offset = document.offset(
                line: params.position.line, character: params.position.character, encoding: encoding)
            let format = await self.session.completionDocumentationFormat
            return CompletionList(
                items: document.completions(atOffset: offset).map { $0.lsp(encoding: encoding, documentation: format) })
        }
        router.register(CodeActionMethod.self) { params, _ -> [CodeAction] in
            if let only = params.context?.only, !only.contains(where: { "quickfix".hasPrefix($0) }) { return [] }
            let uri = params.textDocument.uri
            let gateFixes = await self.gateHeaderFixes(params.context?.diagnostics ?? [], uri: uri)
            let (document, encoding) = try await self.analysis(of: uri)
            guard document.kind != nil else { return gateFixes }
            let start = document.offset(
                line: params.range.start.line, character: params.range.start.character, encoding: encoding)
            let end = document.offset(
                line: params.range.end.line, character: params.range.end.character, encoding: encoding)
            let fixes = document.quickFixes(overlapping: document.range(fromOffset: start, toOffset: max(start, end)))
            return gateFixes
                + fixes.enumerated().map { index, fix in
                    CodeAction(
                        title: fix.title,
                        diagnostics: [LSPDiagnostic(fix.diagnostic, uri: uri, encoding: encoding)],
                        isPreferred: index == 0,
                        edit: WorkspaceEdit(changes: [
                            uri: fix.edits.map {
                                LSPDiagnostic.TextEdit(
                                    range: LSPDiagnostic.Range($0.range, encoding: encoding), newText: $0.newText)
                            }
                        ]))
                }
        }
        router.register(DocumentSymbolMethod.self) { params, _ in
            let (document, encoding) = try await self.analysis(of: params.textDocument.uri)
            guard document.kind != nil else { return [] }
            return document.documentSymbols().map { $0.lsp(encoding: encoding) }
        }
        router.register(DocumentDiagnosticMethod.self) { params, _ in
            let uri = params.textDocument.uri
            await self.session.awaitGateReading()
            let path = ServerSession.gatePath(of: uri)
            let open = await self.session.document(uri)
            let gate = await self.session.gateFindings(at: path)
            let generation = await self.session.gateGeneration
            let encoding = await self.session.positionEncoding
            // The result id names what was judged: the open version (and the store reading, once there is one),
            // or nothing for a file on disk.
            let resultId = open.map { generation == 0 ? "v\($0.version)" : "v\($0.version).g\(generation)" }
            if let resultId, resultId == params.previousResultId {
                return try JSONValue(encoding: UnchangedDocumentDiagnosticReport(resultId: resultId))
            }
            let own: [Diagnostic]
            if let open {
                own = open.publishableDiagnostics
            } else {
                do {
                    own = try await self.diagnosticsOnDisk(uri: uri, path: path)
                } catch {
                    // A file that is no configuration to read (too large, say) still shows what the gates found.
                    guard !gate.isEmpty else { throw error }
                    own = []
                }
            }
            return try JSONValue(
                encoding: FullDocumentDiagnosticReport(
                    resultId: resultId,
                    items: (own + gate).map {
                        LSPDiagnostic(published: $0, uri: uri, path: path, encoding: encoding)
                    }))
        }
    }

    /// The diagnostics of a configuration file that is not open, as if it were: validation, and for a policy
    /// what loading it with its workspace reports.
    private func diagnosticsOnDisk(uri: String, path: String?) async throws -> [Diagnostic] {
        let (document, _) = try await self.analysis(of: uri)
        guard document.kind != nil else { return [] }
        guard let path else { return document.diagnostics }
        return document.diagnostics
            + PolicyDocumentDiagnostics.diagnostics(
                path: path, bytes: document.text.bytes, document: document, validator: self.server.validator)
    }

    /// Header insertions for the `license_header` gate findings the client sent with the request.
    private func gateHeaderFixes(_ diagnostics: [LSPDiagnostic], uri: String) async -> [CodeAction] {
        let findings = diagnostics.filter { $0.source == "orchestrator" }
        guard !findings.isEmpty, let root = await self.session.workspaceRoot else { return [] }
        var text = await self.session.document(uri)?.bytes
        if text == nil, let path = FileURI.path(of: uri) {
            text = try? BoundedFileReader.contents(of: path, limit: 4096, regularFileOnly: true)
        }
        var actions: [CodeAction] = []
        for finding in findings where !actions.contains(where: { $0.diagnostics.first?.code == finding.code }) {
            guard let header = GateHeaderFix.header(gateID: finding.code, workspace: root) else { continue }
            actions.append(GateHeaderFix.action(header: header, diagnostic: finding, uri: uri, text: text ?? []))
        }
        return actions
    }

    /// The analysed document at `uri`: the editor's copy when open, else the file on disk.
    private func analysis(of uri: String) async throws -> (ConfigDocument, PositionEncoding) {
        let encoding = await self.session.positionEncoding
        if let open = await self.session.document(uri) {
            return (open.analysis, encoding)
        }
        guard let path = FileURI.path(of: uri) else {
            throw JSONRPCError.invalidParams("\(uri) is not open, and is not a file:// URI to read")
        }
        do {
            let validator = self.server.validator
            let bytes = try BoundedFileReader.contents(
                of: path, limit: validator.limits.maxBytes, regularFileOnly: true)
            return (ConfigDocument(bytes: bytes, validator: validator), encoding)
        } catch {
            throw JSONRPCError(
                code: ConfigValidateHandler.documentNotReadable, message: error.description,
                data: ["uri": .string(uri), "reason": .string(error.reason)])
        }
    }
}

extension ConfigCompletionItem {
    /// As an LSP `CompletionItem` whose edit replaces the partly typed word, documentation written in `format`.
    func lsp(encoding: PositionEncoding, documentation format: MarkupKind) -> CompletionItem {
        let kind: Int =
            switch self.kind {
            case .key: 10  // Property
            case .value: 20  // EnumMember
            case .agent: 18  // Reference
            case .skill: 9  // Module
            }
        return CompletionItem(
            label: self.label, kind: kind, detail: self.detail,
            documentation: self.documentation.map { MarkupContent(markdown: $0, as: format) }, sortText: self.sortText,
            filterText: self.label,
            textEdit: LSPDiagnostic.TextEdit(
                range: LSPDiagnostic.Range(self.range, encoding: encoding), newText: self.insertText))
    }
}

extension ConfigDocumentSymbol {
    /// As an LSP `DocumentSymbol`, children included.
    func lsp(encoding: PositionEncoding) -> DocumentSymbol {
        let kind: Int =
            switch self.kind {
            case .object: 19
            case .array: 18
            case .string: 15
            case .number: 16
            case .boolean: 17
            case .key: 7  // Property
            }
        return DocumentSymbol(
            name: self.name, detail: self.detail, kind: kind,
            range: LSPDiagnostic.Range(self.range, encoding: encoding),
            selectionRange: LSPDiagnostic.Range(self.selectionRange, encoding: encoding),
            children: self.children.isEmpty ? nil : self.children.map { $0.lsp(encoding: encoding) })
    }
}
