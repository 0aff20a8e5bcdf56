import Logging
import Providers
import ServiceLifecycle
import Synchronization
import Tracing

/// Batches ended spans and posts them to the OTLP/HTTP endpoint (protobuf, over libcurl on a thread of its own):
/// every `scheduleDelay`, when 512 are waiting, and once more when the process shuts down, so a command's last
/// spans are sent before it exits. A failed export is logged once and its spans dropped, as OpenTelemetry's batch
/// processor does; past 2,048 waiting spans, new ones are dropped and counted.
final class OTLPExporter: Service, Sendable {
    static let batchSize = 512
    static let queueLimit = 2_048

    private struct Queue {
        var spans: [OTLPSpan.Finished] = []
        var dropped = 0
        var warned = false
    }

    private let configuration: OTLPConfiguration
    private let logger: Logger
    private let queue = Mutex(Queue())
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(configuration: OTLPConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues an ended span (called by the span, on whatever thread ends it).
    func add(_ span: OTLPSpan.Finished) {
        let full = queue.withLock { queue -> Bool in
            guard queue.spans.count < Self.queueLimit else {
                queue.dropped += 1
                return false
            }
            queue.spans.append(span)
            return queue.spans.count >= Self.batchSize
        }
        if full { wake.yield() }
    }

    /// Asks for an export now rather than at the next tick.
    func flushSoon() { wake.yield() }

    func run() async throws {
        let delay = configuration.scheduleDelay
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [wake] in
                    while (try? await Task.sleep(for: delay)) != nil { wake.yield() }
                }
                for await _ in wakes { await exportWaiting() }
                group.cancelAll()
            }
        } onGracefulShutdown: { [wake] in
            wake.finish()
        }
        await exportWaiting()
    }

    private func exportWaiting() async {
        while true {
            let batch = queue.withLock { queue -> [OTLPSpan.Finished] in
                let batch = Array(queue.spans.prefix(Self.batchSize))
                queue.spans.removeFirst(batch.count)
                return batch
            }
            guard !batch.isEmpty else { return }
            if let failure = await post(batch) { warnOnce("could not export \(batch.count) span(s): \(failure)") }
        }
    }

    /// Posts one batch; the reason when it did not arrive.
    private func post(_ batch: [OTLPSpan.Finished]) async -> String? {
        let body = OTLPTraceEncoding.request(batch, resource: configuration.resource, scope: "orchestrator")
        let request = HTTPPostRequest(
            url: configuration.endpoint,
            headers: [("Content-Type", "application/x-protobuf")] + configuration.headers, body: body,
            connectTimeout: configuration.timeout, totalTimeout: configuration.timeout,
            idleTimeout: configuration.timeout)
        var status: Int?
        for await event in CurlTransfer.start(request).events {
            switch event {
            case .head(let head): status = head.status
            case .body: continue
            case .finished(let failure?): return "\(configuration.endpoint): \(failure)"
            case .finished(nil):
                guard let status, (200..<300).contains(status) else {
                    return "\(configuration.endpoint) answered HTTP \(status.map(String.init) ?? "nothing")"
                }
                return nil
            }
        }
        return nil
    }

    private func warnOnce(_ message: String) {
        let first = queue.withLock { queue -> Bool in
            defer { queue.warned = true }
            return !queue.warned
        }
        if first { logger.warning("traces: \(message) (later failures are not logged)") }
    }
}
