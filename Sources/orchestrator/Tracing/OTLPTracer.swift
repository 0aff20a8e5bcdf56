import Instrumentation
import Tracing

/// The tracer `run` and `serve` bootstrap when traces are exported: spans with W3C identities, sampled as
/// `OTEL_TRACES_SAMPLER` says, handed to the exporter as they end; contexts travel as `traceparent`/`tracestate`.
///
/// Ours rather than swift-otel's: that one brings an HTTP client, TLS and generated protobuf types into the binary,
/// which cost every command 2.5 ms of start-up and `serve` 4.7 MB of memory whether traces are on or not
/// (Benchmarks/observability_cost.py); libcurl, already linked for the Anthropic provider, carries the export.
final class OTLPTracer: Tracer, Sendable {
    typealias Span = OTLPSpan

    let sampler: OTLPSampler
    private let exporter: OTLPExporter

    init(sampler: OTLPSampler, exporter: OTLPExporter) {
        self.sampler = sampler
        self.exporter = exporter
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> OTLPSpan {
        var context = context()
        let parent = context[SpanIdentityKey.self]
        let traceID = parent?.traceID ?? SpanIdentity.random(16)
        let identity = SpanIdentity(
            traceID: traceID, spanID: SpanIdentity.random(8),
            sampled: sampler.samples(traceID: traceID, parent: parent),
            traceState: parent?.traceState)
        context[SpanIdentityKey.self] = identity
        let exporter = self.exporter
        return OTLPSpan(
            name: operationName, context: context, identity: identity, parentSpanID: parent?.spanID, kind: kind,
            start: instant().nanosecondsSinceEpoch, onEnd: { exporter.add($0) })
    }

    func forceFlush() {
        exporter.flushSoon()
    }

    func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    )
    where Inject.Carrier == Carrier {
        guard let identity = context[SpanIdentityKey.self] else { return }
        injector.inject(identity.traceparent, forKey: "traceparent", into: &carrier)
        if let state = identity.traceState, !state.isEmpty {
            injector.inject(state, forKey: "tracestate", into: &carrier)
        }
    }

    func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract.Carrier == Carrier {
        guard let parent = extractor.extract(key: "traceparent", from: carrier),
            let identity = SpanIdentity(
                traceparent: parent, traceState: extractor.extract(key: "tracestate", from: carrier))
        else { return }
        context[SpanIdentityKey.self] = identity
    }
}
