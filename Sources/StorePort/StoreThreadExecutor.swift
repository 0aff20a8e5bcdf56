import Dispatch
import Glibc
import Synchronization

/// A serial executor whose jobs all run on one dedicated POSIX thread of its own.
///
/// Database calls block: SQLite on the busy timeout while another process writes and on fsync at a checkpoint,
/// libpq on every round trip to the server. Run on Swift's cooperative pool (as wide as the machine has cores), one
/// such wait would stall unrelated tasks, so each adapter's store actor runs here instead (shared by the adapters,
/// hence in the port). Not Foundation's `Thread`: linking it would pull all of Foundation into the binary.
public final class StoreThreadExecutor: SerialExecutor {
    /// The jobs waiting to run and the thread's wake-up; shared with the thread, which outlives no executor.
    private final class JobQueue: Sendable {
        let jobs = Mutex<(pending: [UnownedJob], stopped: Bool)>(([], false))
        let wakeUp = DispatchSemaphore(value: 0)
        let thread = Mutex<pthread_t?>(nil)
    }

    private let queue = JobQueue()

    /// Starts the thread; `name` (at most 15 bytes) is what `top -H` and debuggers show.
    public init(name: String) {
        let queue = self.queue
        // Unretained: the thread must not keep its executor alive. The executor outlives every job it runs, since a
        // job holds its actor and the actor holds the executor.
        let body = Unmanaged.passRetained(
            ThreadBody(queue: queue, name: name, executor: Unmanaged.passUnretained(self))
        ).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().run()
                return nil
            }, body)
        if status == 0 {
            pthread_detach(thread)
        } else {
            // No thread to be had (the process is at its limit): run jobs where they are enqueued, still one at a time.
            Unmanaged<ThreadBody>.fromOpaque(body).release()
            queue.jobs.withLock { $0.stopped = true }
        }
    }

    deinit {
        queue.jobs.withLock { $0.stopped = true }
        queue.wakeUp.signal()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let runInline = queue.jobs.withLock { state -> Bool in
            if state.stopped { return true }
            state.pending.append(unowned)
            return false
        }
        if runInline {
            unowned.runSynchronously(on: asUnownedSerialExecutor())
        } else {
            queue.wakeUp.signal()
        }
    }

    /// Whether the calling code runs on this executor's thread.
    public var isCurrent: Bool {
        guard let thread = queue.thread.withLock({ $0 }) else { return false }
        return pthread_equal(pthread_self(), thread) != 0
    }

    private final class ThreadBody {
        let queue: JobQueue
        let name: String
        let executor: Unmanaged<StoreThreadExecutor>

        init(queue: JobQueue, name: String, executor: Unmanaged<StoreThreadExecutor>) {
            self.queue = queue
            self.name = name
            self.executor = executor
        }

        func run() {
            queue.thread.withLock { $0 = pthread_self() }
            // pthread_setname_np is not visible without _GNU_SOURCE; the thread's comm file names it the same way.
            if let comm = fopen("/proc/thread-self/comm", "w") {
                fputs(String(decoding: name.utf8.prefix(15), as: UTF8.self), comm)
                fclose(comm)
            }
            while true {
                queue.wakeUp.wait()
                let next = queue.jobs.withLock { state -> (job: UnownedJob?, stop: Bool) in
                    if state.pending.isEmpty { return (nil, state.stopped) }
                    return (state.pending.removeFirst(), false)
                }
                if let job = next.job {
                    job.runSynchronously(on: executor.takeUnretainedValue().asUnownedSerialExecutor())
                } else if next.stop {
                    return
                }
            }
        }
    }
}
