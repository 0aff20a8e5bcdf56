import JSONRPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where `workflow_start` finds its intake: a file inside the workspace (`intake`), or YAML text (`intakeYaml`)
/// stored under `.orchestrator/mcp/` so the workflow (and a later resume) reads it like any intake file.
enum MCPInlineIntake {
    static let folder = ".orchestrator/mcp"

    /// The intake's absolute path inside the workspace.
    static func path(_ arguments: [String: JSONValue], in workspace: MCPWorkspace) throws(MCPToolFailure) -> String {
        switch (arguments["intake"]?.stringValue, arguments["intakeYaml"]?.stringValue) {
        case (let path?, nil):
            return try workspace.contain(path, argument: "intake")
        case (nil, let text?):
            // Named by its content, so the same text starts from the same file and nothing is overwritten.
            let name = "intake-\(fingerprint(text)).yaml"
            let folder = workspace.root + "/" + Self.folder
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            } catch {
                throw .execution(.internalError("could not store the intake under \(Self.folder): \(error)"))
            }
            return folder + "/" + name
        default:
            throw .arguments(
                "workflow_start: give either \"intake\" (a file in the workspace) or \"intakeYaml\", not both or neither"
            )
        }
    }

    /// FNV-1a, 64 bits, in hex: a name, not a security boundary.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
