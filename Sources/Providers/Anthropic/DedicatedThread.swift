import Glibc

/// Starts a detached POSIX thread for blocking work (libcurl), without Foundation's `Thread`: linking it
/// would pull all of Foundation, with ICU, into the binary.
enum DedicatedThread {
    private final class Body {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `work` on a new detached thread; returns false (and runs nothing) when no thread can be made.
    @discardableResult
    static func start(_ work: @escaping @Sendable () -> Void) -> Bool {
        let body = Unmanaged.passRetained(Body(work)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                let body = Unmanaged<Body>.fromOpaque(argument).takeRetainedValue()
                body.work()
                return nil
            }, body)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(body).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
