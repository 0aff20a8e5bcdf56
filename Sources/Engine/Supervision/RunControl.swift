import Synchronization

/// The line between a run and whoever launched it: the run says when it has started, the owner says why it must
/// stop. A run checks it at its safe points (between agent steps and phases, never inside a store transaction or a
/// snapshot).
public final class RunControl: Sendable {
    /// Why a run is asked to stop.
    public enum StopReason: Sendable, Hashable {
        /// Someone cancelled the workflow: it ends cancelled.
        case cancelled
        /// The process is shutting down: the workflow is recorded interrupted, and `run resume` continues it.
        case interrupted(String)
    }

    /// Where a run stands for its launcher.
    public enum Start: Sendable, Hashable {
        /// It holds the workflow's lease and is about to run phases.
        case running
        /// It ended without running anything (already completed, cancelled before it started, or refused).
        case ended
    }

    private struct State {
        var stop: StopReason?
        var start: Start?
        var waiters: [CheckedContinuation<Start, Never>] = []
        var stopWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextStopWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Why the run must stop, once someone asked.
    public var stopReason: StopReason? { state.withLock { $0.stop } }

    /// Asks the run to stop at its next safe point; the first reason given stands.
    public func stop(_ reason: StopReason) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.stop == nil else { return [] }
            state.stop = reason
            defer { state.stopWaiters.removeAll() }
            return Array(state.stopWaiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when someone asks the run to stop, or when the waiting task is cancelled.
    func waitUntilStopRequested() async {
        let id = state.withLock { state -> Int in
            defer { state.nextStopWaiter += 1 }
            return state.nextStopWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.stop != nil || Task.isCancelled { return true }
                    state.stopWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.stopWaiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Called by the run: it holds its lease now, or it will not run.
    func started(_ start: Start) {
        let waiters = state.withLock { state -> [CheckedContinuation<Start, Never>] in
            guard state.start == nil else { return [] }
            state.start = start
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: start) }
    }

    /// Waits until the run has started or ended without starting.
    public func waitUntilStarted() async -> Start {
        await withCheckedContinuation { continuation in
            let known = state.withLock { state -> Start? in
                if let start = state.start { return start }
                state.waiters.append(continuation)
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
