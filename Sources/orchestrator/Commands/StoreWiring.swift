import Engine
import Governance
import SQLiteStore
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the executable chooses the store adapter (the embedded SQLite file of the workspace) and where audit heads
/// are signed and kept (the user's configuration and state folders).
enum StoreWiring {
    /// Opens a workspace's store.
    static let open: WorkflowStoreOpener = { layout, access in
        try await SQLiteWorkflowStore.open(path: layout.database, access: access)
    }

    /// The user's audit signing key and signed heads: `$XDG_CONFIG_HOME`/`$XDG_STATE_HOME` (or `~/.config`,
    /// `~/.local/state`) `/orchestrator`.
    static var auditHeads: AuditHeadKeeper? {
        AuditHeadKeeper.forUser(environment: ProcessInfo.processInfo.environment)
    }
}
