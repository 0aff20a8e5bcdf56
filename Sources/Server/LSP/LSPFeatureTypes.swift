import Config

/// LSP `MarkupContent`.
struct MarkupContent: Codable, Sendable {
    var kind = "markdown"
    var value: String
}

/// `textDocument/hover` result.
struct Hover: Codable, Sendable {
    var contents: MarkupContent
    var range: LSPDiagnostic.Range?
}

/// `textDocument/completion` params.
struct CompletionParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var position: LSPDiagnostic.Position
}

/// One `CompletionItem`; `textEdit` replaces the partly typed word.
struct CompletionItem: Codable, Sendable {
    var label: String
    var kind: Int
    var detail: String?
    var documentation: MarkupContent?
    var sortText: String
    var filterText: String
    var textEdit: LSPDiagnostic.TextEdit
}

/// `textDocument/completion` result; the list is complete, so clients filter it themselves.
struct CompletionList: Codable, Sendable {
    var isIncomplete = false
    var items: [CompletionItem]
}

/// `textDocument/codeAction` params.
struct CodeActionParams: Codable, Sendable {
    struct Context: Codable, Sendable {
        var diagnostics: [LSPDiagnostic]?
        var only: [String]?
    }

    var textDocument: TextDocumentIdentifier
    var range: LSPDiagnostic.Range
    var context: Context?
}

/// LSP `WorkspaceEdit`, in its `changes` form.
struct WorkspaceEdit: Codable, Sendable {
    var changes: [String: [LSPDiagnostic.TextEdit]]
}

/// A quick fix as an LSP `CodeAction`.
struct CodeAction: Codable, Sendable {
    var title: String
    var kind = "quickfix"
    var diagnostics: [LSPDiagnostic]
    var isPreferred: Bool
    var edit: WorkspaceEdit
}

/// `textDocument/documentSymbol` params.
struct DocumentSymbolParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
}

/// LSP `DocumentSymbol` (the hierarchical form).
struct DocumentSymbol: Codable, Sendable {
    var name: String
    var detail: String?
    var kind: Int
    var range: LSPDiagnostic.Range
    var selectionRange: LSPDiagnostic.Range
    var children: [DocumentSymbol]?
}

/// An unchanged document diagnostic report: the client's copy is current.
struct UnchangedDocumentDiagnosticReport: Codable, Sendable {
    var kind = "unchanged"
    var resultId: String
}
