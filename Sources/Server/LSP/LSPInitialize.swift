import Config

/// `initialize` params: only what the server reads.
struct InitializeParams: Codable, Sendable {
    struct ClientCapabilities: Codable, Sendable {
        struct General: Codable, Sendable {
            var positionEncodings: [String]?
        }

        struct Window: Codable, Sendable {
            var workDoneProgress: Bool?
        }

        /// The formats the client renders, in its order of preference (LSP `MarkupKind`s).
        struct TextDocument: Codable, Sendable {
            struct Hover: Codable, Sendable {
                var contentFormat: [String]?
            }

            struct Completion: Codable, Sendable {
                struct Item: Codable, Sendable {
                    var documentationFormat: [String]?
                }

                var completionItem: Item?
            }

            /// Present when the client pulls diagnostics (`textDocument/diagnostic`, LSP 3.17).
            struct Diagnostic: Codable, Sendable {
                var dynamicRegistration: Bool?
            }

            var hover: Hover?
            var completion: Completion?
            var diagnostic: Diagnostic?
        }

        struct Workspace: Codable, Sendable {
            struct Diagnostics: Codable, Sendable {
                var refreshSupport: Bool?
            }

            var diagnostics: Diagnostics?
        }

        var general: General?
        var window: Window?
        var textDocument: TextDocument?
        var workspace: Workspace?
    }

    struct ClientInfo: Codable, Sendable {
        var name: String
        var version: String?
    }

    /// A folder the client has open (LSP `WorkspaceFolder`).
    struct WorkspaceFolder: Codable, Sendable {
        var uri: String
        var name: String
    }

    var processId: Int?
    var rootUri: String?
    var workspaceFolders: [WorkspaceFolder]?
    var capabilities: ClientCapabilities?
    var clientInfo: ClientInfo?

    /// The workspace whose gate results the session shows: `rootUri`, else the first workspace folder; nil when
    /// neither is a local `file://` URI.
    var workspaceRoot: String? {
        let candidates = [self.rootUri] + (self.workspaceFolders ?? []).prefix(1).map(\.uri)
        return candidates.lazy.compactMap { $0.flatMap(FileURI.path(of:)) }.first
    }
}

/// `initialize` result: the capabilities this server really has.
struct InitializeResult: Codable, Sendable {
    struct ServerInfo: Codable, Sendable {
        var name: String
        var version: String
    }

    var capabilities: ServerCapabilities
    var serverInfo: ServerInfo
    /// The wire contract's version (``OrchestratorServer/protocolVersion``), as `server/info` reports it.
    var protocolVersion = OrchestratorServer.protocolVersion
}

/// LSP `ServerCapabilities`, limited to what is implemented.
struct ServerCapabilities: Codable, Sendable {
    struct TextDocumentSync: Codable, Sendable {
        struct Save: Codable, Sendable {
            var includeText: Bool
        }

        var openClose = true
        /// 2 = incremental.
        var change = 2
        var save = Save(includeText: false)
    }

    struct CompletionOptions: Codable, Sendable {
        var triggerCharacters: [String]
        var resolveProvider = false
    }

    struct CodeActionOptions: Codable, Sendable {
        var codeActionKinds: [String]
        var resolveProvider = false
    }

    struct DiagnosticOptions: Codable, Sendable {
        var identifier = "orchestrator"
        // A policy's diagnostics depend on the other policy files, and gate diagnostics on what runs record.
        var interFileDependencies = true
        var workspaceDiagnostics = false
    }

    var positionEncoding: String
    var textDocumentSync = TextDocumentSync()
    var hoverProvider = true
    var completionProvider = CompletionOptions(triggerCharacters: [":", " ", "-", "[", ",", "."])
    var codeActionProvider = CodeActionOptions(codeActionKinds: ["quickfix"])
    var documentSymbolProvider = true
    var diagnosticProvider = DiagnosticOptions()
}
