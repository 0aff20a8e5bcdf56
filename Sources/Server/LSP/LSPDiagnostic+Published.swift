import Config
import Model

extension LSPDiagnostic {
    /// `diagnostic` as this server publishes it on `uri` (the file at `path`): a related place in another file
    /// gets that file's `file://` URI, and one in no file on disk (the built-in universal policy) is left out,
    /// since a client rejects a location whose URI it cannot open. Messages name such places themselves.
    init(published diagnostic: Diagnostic, uri: String, path: String?, encoding: PositionEncoding) {
        var local = diagnostic
        local.related = diagnostic.related.compactMap { related in
            var related = related
            guard let file = related.file, file != path else {
                related.file = nil
                return related
            }
            guard file.hasPrefix("/") else { return nil }
            related.file = FileURI.from(path: file)
            return related
        }
        self.init(local, uri: uri, encoding: encoding)
    }
}
