import Config
import Governance
import Model

/// The quick fix for a `license_header` gate's finding: insert the header the policy gives (`header:`).
///
/// The header goes on the first line, or after a `#!` line, which must stay first for the file to run.
enum GateHeaderFix {
    /// The header text policy files in `workspace` give for gate `gateID`: the client layers first (they win at
    /// run time), then the workflow-independent layers; nil when no layer gives one.
    static func header(gateID: String, workspace: String) -> String? {
        let load = PolicyLoader.load(workspace: workspace)
        let clients = Set(load.stack.clients.compactMap(\.policy.client)).sorted().map(Optional.some) + [nil]
        for client in clients {
            let gate = load.stack.effectivePolicy(client: client)[gateID]?.gate
            if gate?.validator == .licenseHeader, let header = gate?.header, !header.isEmpty { return header }
        }
        return nil
    }

    /// Where the header goes in `text`: line 0, or line 1 after a shebang.
    static func insertionLine(in text: [UInt8]) -> Int {
        text.starts(with: Array("#!".utf8)) ? 1 : 0
    }

    /// The code action inserting `header` for `diagnostic` into the file at `uri` whose text is `text`.
    static func action(
        header: String, diagnostic: LSPDiagnostic, uri: String, text: [UInt8]
    ) -> CodeAction {
        let line = insertionLine(in: text)
        // Column 0 is column 0 in every encoding; a shebang without a newline after it gets one.
        let needsBreak = line == 1 && !text.contains(UInt8(ascii: "\n"))
        let start = SourcePosition(line: line, scalarColumn: 0, utf16Column: 0, utf8Column: 0, offset: 0)
        let range = LSPDiagnostic.Range(SourceRange(at: start), encoding: .utf16)
        let newText = (needsBreak ? "\n" : "") + header + (header.hasSuffix("\n") ? "" : "\n")
        return CodeAction(
            title: "Insert the license header required by \(diagnostic.code)",
            diagnostics: [diagnostic], isPreferred: true,
            edit: WorkspaceEdit(changes: [uri: [LSPDiagnostic.TextEdit(range: range, newText: newText)]]))
    }
}
