import StorePort
import Synchronization

/// The workspaces this process is changing now, and what it does in each.
///
/// The store's lease tells processes apart; within one process (a server running workflows for many clients) two
/// operations on one workspace would share its pid, so this process-wide table is what keeps them apart. Claimed
/// before the store's lease is taken, released after it is given back.
final class WorkspaceOccupancy: Sendable {
    static let shared = WorkspaceOccupancy()

    private let held = Mutex<[String: WorkspaceLeaseRecord]>([:])

    /// Claims a workspace for one operation of this process; returns the operation holding it when it is taken.
    func claim(_ root: String, for lease: WorkspaceLeaseRecord) -> WorkspaceLeaseRecord? {
        held.withLock { held in
            if let holder = held[root] { return holder }
            held[root] = lease
            return nil
        }
    }

    /// The operation of this process holding a workspace, if any.
    func holder(of root: String) -> WorkspaceLeaseRecord? {
        held.withLock { $0[root] }
    }

    func release(_ root: String) {
        _ = held.withLock { $0.removeValue(forKey: root) }
    }
}
