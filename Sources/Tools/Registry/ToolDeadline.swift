import JSON

/// Runs a tool call against a wall-clock deadline, cancelling it when the deadline passes.
///
/// Cancellation is what stops the work: tools that spawn processes tear down the process group when
/// their task is cancelled, so an expired call leaves nothing running behind it.
enum ToolDeadline {
    private enum Outcome: Sendable {
        case finished(Result<ToolOutput, ToolError>)
        case expired
    }

    static func run(
        seconds: Double, _ body: @escaping @Sendable () async throws(ToolError) -> ToolOutput
    ) async throws(ToolError) -> ToolOutput {
        let outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do throws(ToolError) {
                    return .finished(.success(try await body()))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: .seconds(seconds))
                    return .expired
                } catch {
                    return nil  // cancelled because the call finished first
                }
            }
            var first: Outcome = .expired
            while let next = await group.next() {
                if let next {
                    first = next
                    break
                }
            }
            group.cancelAll()
            return first
        }
        switch outcome {
        case .finished(let result): return try result.get()
        case .expired: throw .timedOut(seconds: seconds)
        }
    }
}
