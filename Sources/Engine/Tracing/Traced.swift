import Tracing

/// Runs work inside a span of swift-distributed-tracing, keeping the work's typed error (the library's `withSpan`
/// rethrows it as `any Error`). The span is the current context for everything the work starts in child tasks, so
/// nested spans (phase → agent → model call) find their parent without being handed it. With no tracer bootstrapped
/// the spans are swift-distributed-tracing's no-ops.
enum Traced {
    static func span<T, Failure: Error>(
        _ name: String, kind: SpanKind = .internal, parent: ServiceContext? = nil,
        _ body: (any Span) async throws(Failure) -> T
    ) async throws(Failure) -> T {
        let span = startSpan(name, context: parent ?? ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        let result: Result<T, Failure> = await ServiceContext.withValue(span.context) {
            do throws(Failure) {
                return .success(try await body(span))
            } catch {
                return .failure(error)
            }
        }
        return try settle(result, in: span)
    }

    /// A span only inside a trace: work that happens for runs and for everything else alike (a store transaction)
    /// is part of a run's trace, but does not start a trace of its own outside one.
    static func childSpan<T, Failure: Error>(
        _ name: String, _ body: (any Span) async throws(Failure) -> T
    ) async throws(Failure) -> T {
        guard ServiceContext.current != nil else { return try await body(NoOpTracer.NoOpSpan(context: .topLevel)) }
        return try await span(name, body)
    }

    /// The same for synchronous work (a snapshot on the caller's thread).
    static func span<T, Failure: Error>(
        _ name: String, kind: SpanKind = .internal, _ body: (any Span) throws(Failure) -> T
    ) throws(Failure) -> T {
        let span = startSpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        let result = ServiceContext.withValue(span.context) { Result { () throws(Failure) in try body(span) } }
        return try settle(result, in: span)
    }

    /// The work's value, or its error recorded on the span and thrown as it was.
    private static func settle<T, Failure: Error>(_ result: Result<T, Failure>, in span: any Span) throws(Failure) -> T
    {
        if case .failure(let error) = result {
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error, message: "\(error)"))
        }
        return try result.get()
    }
}
