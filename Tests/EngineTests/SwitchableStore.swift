import StorePort
import Synchronization

/// A store whose writes fail once `failWrites` is set, as a read-only or full store's do; reads go through.
final class SwitchableStore: WorkflowStore, Sendable {
    let inner: any WorkflowStore
    let failWrites = Atomic<Bool>(false)

    init(_ inner: any WorkflowStore) {
        self.inner = inner
    }

    var location: String { inner.location }

    func write<T: Sendable>(
        _ body: @escaping @Sendable (any StoreTransaction) throws -> T, committed: (@Sendable (T) -> Void)?
    ) async throws -> T {
        if failWrites.load(ordering: .relaxed) {
            throw StoreError(.database, path: location, "attempt to write a readonly database")
        }
        return try await inner.write(body, committed: committed)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        try await inner.read(body)
    }

    func integrityCheck() async throws -> [String] { try await inner.integrityCheck() }

    func bytesOnDisk() -> Int64 { inner.bytesOnDisk() }
}
