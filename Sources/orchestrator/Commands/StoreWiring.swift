import Engine
import Governance
import PostgresStore
import SQLiteStore
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the executable chooses the store adapter (a PostgreSQL database when `--database` or
/// `ORCHESTRATOR_DATABASE_URL` names one, else the embedded SQLite file of the workspace) and where audit heads are
/// signed and kept (the user's configuration and state folders).
enum StoreWiring {
    /// Opens a workspace's store.
    static let open: WorkflowStoreOpener = { layout, access in
        if let url = DatabaseSetting.current.url {
            return try await PostgresWorkflowStore.open(url: url, access: access)
        }
        return try await SQLiteWorkflowStore.open(path: layout.database, access: access)
    }

    /// Whether the store is a file in the workspace (so a workspace without it has run no workflow); false for a
    /// database server, which only the store itself can answer for.
    static var storeInWorkspace: Bool { DatabaseSetting.current.url == nil }

    /// The user's audit signing key and signed heads: `$XDG_CONFIG_HOME`/`$XDG_STATE_HOME` (or `~/.config`,
    /// `~/.local/state`) `/orchestrator`.
    static var auditHeads: AuditHeadKeeper? {
        AuditHeadKeeper.forUser(environment: ProcessInfo.processInfo.environment)
    }
}
