import NIOCore

/// Runs a connection's tasks on its channel's event loop.
///
/// Reading a frame, handling it and writing the reply then happen on one thread. On Swift's global
/// pool each message crossed threads three to five times (event loop → read loop → request task →
/// actors → event loop), which cost more than the work itself: a round trip took five times an echo.
/// A handler that computes for long should move that work to the global pool
/// (`withTaskExecutorPreference(globalConcurrentExecutor)`), or the connections sharing the loop wait.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        self.eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
