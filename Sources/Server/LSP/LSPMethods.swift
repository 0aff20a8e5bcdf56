import JSONRPC

/// `initialize`: starts an LSP session on this connection.
enum InitializeMethod: JSONRPCMethod {
    typealias Params = InitializeParams
    typealias Result = InitializeResult
    static let name = "initialize"
}

/// `shutdown`: the session ends; only `exit` follows.
enum ShutdownMethod: JSONRPCMethod {
    typealias Params = JSONRPCVoid
    typealias Result = JSONRPCVoid
    static let name = "shutdown"
}

/// `initialized`: the client has the result of `initialize`.
enum InitializedNotification: JSONRPCNotificationMethod {
    typealias Params = JSONRPCVoid
    static let name = "initialized"
}

/// `exit`: close the connection (and end a stdio server: 0 after `shutdown`, else 1).
enum ExitNotification: JSONRPCNotificationMethod {
    typealias Params = JSONRPCVoid
    static let name = "exit"
}

/// `textDocument/didOpen`.
enum DidOpenNotification: JSONRPCNotificationMethod {
    typealias Params = DidOpenTextDocumentParams
    static let name = "textDocument/didOpen"
}

/// `textDocument/didChange`.
enum DidChangeNotification: JSONRPCNotificationMethod {
    typealias Params = DidChangeTextDocumentParams
    static let name = "textDocument/didChange"
}

/// `textDocument/didSave`.
enum DidSaveNotification: JSONRPCNotificationMethod {
    typealias Params = DidSaveTextDocumentParams
    static let name = "textDocument/didSave"
}

/// `textDocument/didClose`.
enum DidCloseNotification: JSONRPCNotificationMethod {
    typealias Params = DidCloseTextDocumentParams
    static let name = "textDocument/didClose"
}

/// `textDocument/publishDiagnostics` (server to client).
enum PublishDiagnosticsNotification: JSONRPCNotificationMethod {
    typealias Params = PublishDiagnosticsParams
    static let name = "textDocument/publishDiagnostics"
}

/// `textDocument/diagnostic`: diagnostics on request (pull model).
enum DocumentDiagnosticMethod: JSONRPCMethod {
    typealias Params = DocumentDiagnosticParams
    typealias Result = JSONValue
    static let name = "textDocument/diagnostic"
}

/// `textDocument/hover`.
enum HoverMethod: JSONRPCMethod {
    typealias Params = TextDocumentPositionParams
    typealias Result = Hover?
    static let name = "textDocument/hover"
}

/// `textDocument/completion`.
enum CompletionMethod: JSONRPCMethod {
    typealias Params = CompletionParams
    typealias Result = CompletionList
    static let name = "textDocument/completion"
}

/// `textDocument/codeAction`.
enum CodeActionMethod: JSONRPCMethod {
    typealias Params = CodeActionParams
    typealias Result = [CodeAction]
    static let name = "textDocument/codeAction"
}

/// `textDocument/documentSymbol`.
enum DocumentSymbolMethod: JSONRPCMethod {
    typealias Params = DocumentSymbolParams
    typealias Result = [DocumentSymbol]
    static let name = "textDocument/documentSymbol"
}
