import Instrumentation
import Synchronization
import Tracing

/// A span this process records: what happened in it, until it ends and goes to the exporter (sampled spans only).
final class OTLPSpan: Tracing.Span, Sendable {
    /// A span as exported: everything fixed once it ended.
    struct Finished: Sendable {
        var identity: SpanIdentity
        var parentSpanID: [UInt8]?
        var name: String
        var kind: SpanKind
        var start: UInt64
        var end: UInt64
        var attributes: SpanAttributes
        var events: [SpanEvent]
        var links: [(identity: SpanIdentity, attributes: SpanAttributes)]
        var status: SpanStatus?
    }

    private struct State {
        var name: String
        var attributes: SpanAttributes = [:]
        var events: [SpanEvent] = []
        var links: [(identity: SpanIdentity, attributes: SpanAttributes)] = []
        var status: SpanStatus?
        var ended = false
    }

    let context: ServiceContext
    private let identity: SpanIdentity
    private let parentSpanID: [UInt8]?
    private let kind: SpanKind
    private let start: UInt64
    private let state: Mutex<State>
    private let onEnd: @Sendable (Finished) -> Void

    init(
        name: String, context: ServiceContext, identity: SpanIdentity, parentSpanID: [UInt8]?, kind: SpanKind,
        start: UInt64, onEnd: @escaping @Sendable (Finished) -> Void
    ) {
        self.context = context
        self.identity = identity
        self.parentSpanID = parentSpanID
        self.kind = kind
        self.start = start
        self.state = Mutex(State(name: name))
        self.onEnd = onEnd
    }

    var isRecording: Bool { identity.sampled && !state.withLock { $0.ended } }

    var operationName: String {
        get { state.withLock { $0.name } }
        set { state.withLock { $0.name = newValue } }
    }

    var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    func setStatus(_ status: SpanStatus) {
        state.withLock { state in
            // An error stays an error; ok is final, as the specification asks.
            if state.status?.code == .ok { return }
            state.status = status
        }
    }

    func addEvent(_ event: SpanEvent) {
        state.withLock { $0.events.append(event) }
    }

    func recordError<Instant: TracerInstant>(
        _ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant
    ) {
        var attributes = attributes
        attributes["exception.type"] = "\(type(of: error))"
        attributes["exception.message"] = "\(error)"
        addEvent(SpanEvent(name: "exception", at: instant(), attributes: attributes))
    }

    func addLink(_ link: SpanLink) {
        guard let linked = link.context[SpanIdentityKey.self] else { return }
        state.withLock { $0.links.append((linked, link.attributes)) }
    }

    func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let end = instant().nanosecondsSinceEpoch
        let ended = state.withLock { state -> State? in
            guard !state.ended else { return nil }
            state.ended = true
            return state
        }
        guard let ended, identity.sampled else { return }
        onEnd(
            Finished(
                identity: identity, parentSpanID: parentSpanID, name: ended.name, kind: kind, start: start, end: end,
                attributes: ended.attributes, events: ended.events, links: ended.links, status: ended.status))
    }
}
