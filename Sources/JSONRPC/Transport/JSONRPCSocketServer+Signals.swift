import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONRPCSocketServer {
    /// Serves until SIGINT or SIGTERM, then shuts down gracefully; returns exit status 0.
    ///
    /// The signals' default action is replaced (so the process is not killed mid-shutdown) and
    /// restored when this returns.
    public func runUntilSignal(_ signals: [Int32] = [SIGINT, SIGTERM]) async throws -> Int32 {
        let sources = signals.map { signalNumber in
            // Dispatch sees a signal only if its default action (terminate) is disabled.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                self.configuration.logger.notice("received signal \(signalNumber); shutting down")
                Task { await self.shutdown() }
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            for signalNumber in signals { signal(signalNumber, SIG_DFL) }
        }
        try await self.run()
        return 0
    }
}
