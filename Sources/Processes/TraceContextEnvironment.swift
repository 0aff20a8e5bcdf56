import Instrumentation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The W3C trace context (`traceparent`, `tracestate`) of the current span, for a child process as `TRACEPARENT` and
/// `TRACESTATE` (the names OpenTelemetry's environment carriers read), and back from those texts to a context.
/// Empty when nothing traces: swift-distributed-tracing's no-op instrument injects nothing.
public enum TraceContextEnvironment {
    /// The `TRACEPARENT` this process was started with (a CI job's, a caller's span), if any.
    public static var inherited: String? {
        getenv("TRACEPARENT").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The variables that let a child process continue the current trace.
    public static func current() -> [String: String] {
        guard let context = ServiceContext.current else { return [:] }
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: HeaderDictionary())
        var variables: [String: String] = [:]
        if let parent = carrier["traceparent"] { variables["TRACEPARENT"] = parent }
        if let state = carrier["tracestate"], !state.isEmpty { variables["TRACESTATE"] = state }
        return variables
    }

    /// The context a W3C `traceparent` (and optional `tracestate`) names, to parent a span on; `nil` when the
    /// instrument reads nothing from it (malformed, or nothing traces).
    public static func context(traceparent: String, tracestate: String? = nil) -> ServiceContext? {
        var carrier = ["traceparent": traceparent]
        if let tracestate { carrier["tracestate"] = tracestate }
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(carrier, into: &context, using: HeaderDictionary())
        return context.isEmpty ? nil : context
    }
}

/// A carrier of propagation headers by lower-case name.
struct HeaderDictionary: Injector, Extractor {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key.lowercased()] = value
    }

    func extract(key: String, from carrier: [String: String]) -> String? {
        carrier[key.lowercased()]
    }
}
