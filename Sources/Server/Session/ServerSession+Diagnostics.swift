import Config
import Model

/// What the session publishes on a URI: the open document's own diagnostics and the gate findings on its file.
extension ServerSession {
    /// The notification that says everything about `uri` now. `publishDiagnostics` replaces what a client shows
    /// for a URI, so it always carries both sets; a closed file keeps its gate findings, with no version.
    func publication(for uri: String) -> PublishDiagnosticsParams {
        let document = self.documents[uri]
        let path = Self.gatePath(of: uri)
        let diagnostics = (document?.publishableDiagnostics ?? []) + self.gateFindings(at: path)
        return PublishDiagnosticsParams(
            uri: uri, version: document?.version,
            diagnostics: diagnostics.map {
                LSPDiagnostic(published: $0, uri: uri, path: path, encoding: self.positionEncoding)
            })
    }

    /// The path a client's URI has among the gate diagnostics; nil for a URI that is no local file.
    static func gatePath(of uri: String) -> String? {
        FileURI.path(of: uri).map(GateDiagnostics.canonical)
    }

    /// The gate diagnostics of the file at `path`.
    func gateFindings(at path: String?) -> [Diagnostic] {
        path.map { self.gateDiagnostics[$0] } ?? []
    }

    /// Sends the publications of `uris` once every publication queued before has been sent, composing each
    /// only then: the store poller and the document handlers both publish, and an older set of diagnostics
    /// must never arrive after a newer one. Await the task to know they are written.
    func enqueuePublication(
        for uris: [String], send: @escaping @Sendable (PublishDiagnosticsParams) async -> Void
    ) -> Task<Void, Never> {
        let previous = self.publishing
        let task = Task {
            await previous?.value
            for uri in uris {
                await send(self.publication(for: uri))
            }
        }
        self.publishing = task
        return task
    }

    /// Takes a new reading of the store; returns the URIs whose gate diagnostics changed (those of files that
    /// lost all of them included, so the client clears them), spelled as the client spells open documents.
    func replaceGateDiagnostics(_ diagnostics: GateDiagnostics) -> [String] {
        let changed = self.gateDiagnostics.paths.union(diagnostics.paths).filter {
            self.gateDiagnostics[$0] != diagnostics[$0]
        }
        guard !changed.isEmpty else { return [] }
        self.gateDiagnostics = diagnostics
        self.gateGeneration += 1
        return changed.sorted().map(self.uri(forPath:))
    }

    /// The URI a client knows the file at `path` by: an open document's own, else the canonical `file://` URI.
    func uri(forPath path: String) -> String {
        self.documents.keys.sorted().first { Self.gatePath(of: $0) == path } ?? FileURI.from(path: path)
    }

    /// The bytes of every open document, by path: intakes are read from the editor's buffer when open.
    func openBuffers() -> [String: [UInt8]] {
        var buffers: [String: [UInt8]] = [:]
        for (uri, document) in self.documents {
            if let path = Self.gatePath(of: uri) { buffers[path] = document.bytes }
        }
        return buffers
    }
}
