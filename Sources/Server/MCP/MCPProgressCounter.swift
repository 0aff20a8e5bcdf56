import Synchronization

/// Numbers one MCP request's progress notifications 1, 2, 3…: MCP requires `progress` to grow with each one.
final class MCPProgressCounter: Sendable {
    private let count = Atomic<Int64>(0)

    /// The next value of `progress`.
    func next() -> Int64 {
        self.count.add(1, ordering: .relaxed).newValue
    }
}
