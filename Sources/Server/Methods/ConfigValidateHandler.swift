import Config
import JSONRPC
import Model

/// `config/validate` params: a document by `uri` or by `text`, exactly one of them.
struct ConfigValidateParams: Decodable, Sendable {
    var uri: String?
    var text: String?
    var kind: ConfigKind?
    var positionEncoding: PositionEncoding?
    var workDoneToken: ProgressToken?
}

/// `config/validate` result: the kind found and LSP-shaped diagnostics.
struct ConfigValidateResult: Encodable, Sendable {
    var uri: String?
    var kind: ConfigKind?
    var diagnostics: [LSPDiagnostic]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(self.uri, forKey: .uri)
        // `kind: null` says "not one of the four kinds"; omitting it would say nothing.
        try container.encode(self.kind, forKey: .kind)
        try container.encode(self.diagnostics, forKey: .diagnostics)
    }

    private enum CodingKeys: String, CodingKey {
        case uri, kind, diagnostics
    }
}

/// Validates one document for a script, reading it from disk when given a `file://` URI.
struct ConfigValidateHandler: Sendable {
    /// -32010: the document named by `uri` cannot be read (documented in openrpc.json).
    static let documentNotReadable = -32010

    let validator: ConfigValidator

    func validate(_ params: ConfigValidateParams, context: JSONRPCRequestContext) async throws -> ConfigValidateResult {
        let progress = WorkDoneProgress(token: params.workDoneToken, connection: context.connection)
        let bytes: [UInt8]
        let uri: String?
        switch (params.uri, params.text) {
        case (let given?, nil):
            guard let path = FileURI.path(of: given) else {
                throw JSONRPCError.invalidParams(
                    "field \"uri\": expected a file:// URI on this machine (no host, or localhost), got \"\(given)\"")
            }
            await progress.begin("Validating", message: path)
            do {
                bytes = try BoundedFileReader.contents(
                    of: path, limit: self.validator.limits.maxBytes, regularFileOnly: true)
            } catch {
                await progress.end(error.description)
                throw JSONRPCError(
                    code: Self.documentNotReadable, message: error.description,
                    data: ["uri": .string(given), "reason": .string(error.reason)])
            }
            uri = given
        case (nil, let text?):
            await progress.begin("Validating")
            bytes = Array(text.utf8)
            uri = nil
        case (.some, .some):
            throw JSONRPCError.invalidParams("give either \"uri\" or \"text\", not both")
        case (nil, nil):
            throw JSONRPCError.invalidParams("missing field \"uri\" or \"text\"")
        }
        try Task.checkCancellation()
        // A connection's tasks run on its event loop; a large document would hold up every connection on that
        // loop, so the validation itself runs on the global pool.
        let validator = self.validator
        let validation = await withTaskExecutorPreference(globalConcurrentExecutor) {
            validator.validate(bytes, kind: params.kind)
        }
        let encoding = params.positionEncoding ?? .utf16
        let diagnostics = validation.diagnostics.map {
            LSPDiagnostic($0, uri: uri ?? "", encoding: encoding)
        }
        let errors = validation.diagnostics.filter { $0.severity == .error }.count
        await progress.end(errors == 0 ? "no errors" : "\(errors) error\(errors == 1 ? "" : "s")")
        return ConfigValidateResult(uri: uri, kind: validation.kind, diagnostics: diagnostics)
    }
}
