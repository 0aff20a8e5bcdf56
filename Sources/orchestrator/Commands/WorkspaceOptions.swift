import ArgumentParser
import Engine
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Options every workflow and checkpoint command takes: which workspace, which workflow, and JSON output.
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The workspace folder (default: the current directory).", valueName: "dir"))
    var workspace: String?

    @Flag(help: "Print the result as JSON (exactly what the matching RPC method returns).")
    var json = false

    /// The workspace, absolute.
    var root: String {
        let current = FileManager.default.currentDirectoryPath
        guard let workspace, !workspace.isEmpty else { return current }
        let absolute = workspace.hasPrefix("/") ? workspace : current + "/" + workspace
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }

    /// The engine of the workspace; read-only commands do not create a store where none is, and with
    /// `access: .readOnly` write nothing (a read-only copy of a workspace answers them).
    func engine(create: Bool = false, access: StoreAccess = .readWrite) async throws -> WorkflowEngine {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), !isDirectory {
            throw CommandFailure.usage("--workspace \(root) is a file; give the workspace folder")
        }
        do {
            return try await WorkflowEngine.open(
                workspace: root, create: create, store: StoreWiring.open, agents: WorkspaceAgentRunner(),
                access: access, auditHeads: StoreWiring.auditHeads, storeInWorkspace: StoreWiring.storeInWorkspace)
        } catch {
            throw EngineFailure(error)
        }
    }
}

/// Picks a workflow; the workspace's latest when absent.
struct WorkflowOption: ParsableArguments {
    @Option(help: ArgumentHelp("The workflow id (default: the latest in the workspace).", valueName: "id"))
    var workflow: String?
}
