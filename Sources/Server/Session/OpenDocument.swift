import Config
import Editor
import Engine
import Model

/// A document the editor has open: its text as last synced, its version, and its analysis.
struct OpenDocument: Sendable {
    let uri: String
    private(set) var version: Int
    private(set) var buffer: TextBuffer
    private(set) var analysis: ConfigDocument
    /// For a policy, what loading it with its workspace's other policies reports on it (a locked gate weakened).
    private(set) var governance: [Diagnostic]

    init(uri: String, version: Int, text: String, validator: ConfigValidator) {
        self.uri = uri
        self.version = version
        self.buffer = TextBuffer(text)
        self.analysis = ConfigDocument(bytes: self.buffer.bytes, validator: validator)
        self.governance = Self.governance(uri: uri, bytes: self.buffer.bytes, analysis: self.analysis, validator)
    }

    /// Applies the editor's changes in order, then re-analyses once.
    mutating func apply(_ changes: [TextChange], version: Int, encoding: PositionEncoding, validator: ConfigValidator) {
        for change in changes {
            self.buffer.apply(change, encoding: encoding)
        }
        self.version = version
        self.analysis = ConfigDocument(bytes: self.buffer.bytes, validator: validator)
        self.governance = Self.governance(uri: self.uri, bytes: self.buffer.bytes, analysis: self.analysis, validator)
    }

    /// The text as last synced.
    var bytes: [UInt8] { self.buffer.bytes }

    /// The diagnostics to publish: none for files that are not one of the four kinds, so a
    /// client that sends us every YAML file sees nothing on the others.
    var publishableDiagnostics: [Diagnostic] {
        self.analysis.kind == nil ? [] : self.analysis.diagnostics + self.governance
    }

    private static func governance(
        uri: String, bytes: [UInt8], analysis: ConfigDocument, _ validator: ConfigValidator
    ) -> [Diagnostic] {
        guard let kind = analysis.kind, let path = FileURI.path(of: uri) else { return [] }
        if kind == .policy {
            return PolicyDocumentDiagnostics.diagnostics(
                path: path, bytes: bytes, document: analysis, validator: validator)
        }
        // What an agent or intake names elsewhere in its workspace (prompt files, agents, skills), once it is valid.
        guard let root = analysis.root, !analysis.diagnostics.contains(where: { $0.severity == .error }) else {
            return []
        }
        return WorkspaceReferences.diagnostics(root: root, kind: kind, file: path)
    }
}

extension ServerSession {
    /// Opens (or reopens) a document and returns it analysed.
    func open(uri: String, version: Int, text: String, validator: ConfigValidator) -> OpenDocument {
        let document = OpenDocument(uri: uri, version: version, text: text, validator: validator)
        self.documents[uri] = document
        return document
    }

    /// Applies changes to an open document; nil if it is not open.
    func change(uri: String, version: Int, changes: [TextChange], validator: ConfigValidator) -> OpenDocument? {
        guard var document = self.documents[uri] else { return nil }
        self.documents[uri] = nil
        document.apply(changes, version: version, encoding: self.positionEncoding, validator: validator)
        self.documents[uri] = document
        return document
    }

    /// Forgets a document; true if it was open.
    func close(uri: String) -> Bool {
        self.documents.removeValue(forKey: uri) != nil
    }

    /// The open document at `uri`.
    func document(_ uri: String) -> OpenDocument? {
        self.documents[uri]
    }
}
