import Config

/// LSP `TextDocumentIdentifier`.
struct TextDocumentIdentifier: Codable, Sendable {
    var uri: String
}

/// LSP `VersionedTextDocumentIdentifier`.
struct VersionedTextDocumentIdentifier: Codable, Sendable {
    var uri: String
    var version: Int?
}

/// LSP `TextDocumentItem`.
struct TextDocumentItem: Codable, Sendable {
    var uri: String
    var languageId: String?
    var version: Int
    var text: String
}

/// LSP `TextDocumentPositionParams` (hover, completion).
struct TextDocumentPositionParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var position: LSPDiagnostic.Position
}

/// `textDocument/didOpen` params.
struct DidOpenTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentItem
}

/// One change of `textDocument/didChange`: the whole text, or a range and its replacement.
struct TextDocumentContentChangeEvent: Codable, Sendable {
    var range: LSPDiagnostic.Range?
    var rangeLength: Int?
    var text: String
}

/// `textDocument/didChange` params.
struct DidChangeTextDocumentParams: Codable, Sendable {
    var textDocument: VersionedTextDocumentIdentifier
    var contentChanges: [TextDocumentContentChangeEvent]
}

/// `textDocument/didSave` params.
struct DidSaveTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var text: String?
}

/// `textDocument/didClose` params.
struct DidCloseTextDocumentParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
}

/// `textDocument/publishDiagnostics` params.
struct PublishDiagnosticsParams: Codable, Sendable {
    var uri: String
    var version: Int?
    var diagnostics: [LSPDiagnostic]
}

/// `textDocument/diagnostic` params (pull diagnostics).
struct DocumentDiagnosticParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var identifier: String?
    var previousResultId: String?
}

/// A full document diagnostic report.
struct FullDocumentDiagnosticReport: Codable, Sendable {
    var kind = "full"
    var resultId: String?
    var items: [LSPDiagnostic]
}
