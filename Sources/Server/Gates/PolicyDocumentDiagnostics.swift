import Config
import Editor
import Governance
import Model

/// The governance diagnostics of one policy file: what loading it, as edited, together with the other policies
/// of its workspace reports on it — a locked gate weakened or replaced, a level that does not fit — beyond what
/// schema validation already says. The CLI reports the same through the same `PolicyLoader`.
enum PolicyDocumentDiagnostics {
    /// The diagnostics of the policy at `path` whose current text is `bytes` (analysed as `document`); none
    /// when it is not in a `governance/` folder, since no workspace would load it.
    static func diagnostics(
        path: String, bytes: [UInt8], document: ConfigDocument, validator: ConfigValidator
    ) -> [Diagnostic] {
        guard document.kind == .policy, let workspace = self.workspace(of: path) else { return [] }
        let policy = document.root?["policy"]
        // A client policy only takes part in its own client's merge: judge it as that client's workflows would.
        let client = policy?["level"]?.string == PolicyConfig.Level.client.rawValue ? policy?["client"]?.string : nil
        let load = PolicyLoader.load(workspace: workspace, replacing: [path: bytes], validator: validator)
        // A file failing its schema is reported by the loader exactly as validation reports it: show it once.
        let known = Set(document.diagnostics.map { Key(code: $0.code, range: $0.range) })
        return load.effectivePolicy(client: client).diagnostics
            .filter { $0.file == path && !known.contains(Key(code: $0.diagnostic.code, range: $0.diagnostic.range)) }
            .map(\.diagnostic)
    }

    /// The workspace of a file directly in a `governance/` folder: that folder's parent, spelled so that the
    /// loader's own path for the file (`<workspace>/governance/<name>`) is `path` again, byte for byte.
    static func workspace(of path: String) -> String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let folder = path[..<slash]
        let suffix = "/" + PolicyLoader.folder
        guard folder.hasSuffix(suffix) else { return nil }
        let workspace = folder.dropLast(suffix.count)
        return workspace.isEmpty ? nil : String(workspace)
    }

    private struct Key: Hashable {
        var code: String
        var range: SourceRange
    }
}
