import Processes
import Tracing

extension WorkflowEngine {
    /// Inside a run's span: a resume links to the span of the run it continues (recorded with the workflow), and the
    /// run's own span is recorded for the next. Nothing is read or written when nothing traces.
    func linkTrace(of span: any Span, workflowID: String, resuming: Bool) async {
        guard let current = TraceContextEnvironment.current()["TRACEPARENT"] else { return }
        if resuming,
            let earlier = try? await context.read({ tx in try tx.workflow(id: workflowID)?.traceParent }),
            let earlierContext = TraceContextEnvironment.context(traceparent: earlier)
        {
            span.addLink(SpanLink(context: earlierContext, attributes: ["orchestrator.link": "resumes"]))
        }
        _ = try? await context.commit { tx, _ in
            guard var record = try tx.workflow(id: workflowID) else { return }
            record.traceParent = current
            try tx.update(record)
        }
    }
}
