import Engine
import SQLiteStore
import StorePort

/// Where the executable chooses the store adapter: the embedded SQLite file of the workspace.
enum StoreWiring {
    /// Opens a workspace's store.
    static let open: WorkflowStoreOpener = { layout in
        try await SQLiteWorkflowStore.open(path: layout.database)
    }
}
