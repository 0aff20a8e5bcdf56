import Logging
import Model

/// Turns a live subscription into one stream in store order: a workflow's stored events first (when asked), then
/// live ones not already replayed.
enum EventFeed {
    /// Forwards until the subscription ends, then finishes the sink. Live events also go to `log` and the metrics,
    /// and replayed ones when `logReplayed` (a start replays what it recorded itself, `workflow.started`; a
    /// resume's replay was logged and counted by the run that recorded it).
    static func forward(
        _ subscription: EventSubscription, of engine: WorkflowEngine, workflowID: String, replayAfter: Int64?,
        to sink: AsyncStream<WorkflowEvent>.Continuation, log: Logger? = nil, logReplayed: Bool = false
    ) async {
        var last: Int64 = 0
        if let replayAfter {
            let stored = (try? await engine.storedEvents(workflowID: workflowID, after: replayAfter)) ?? []
            for event in stored {
                if logReplayed {
                    if let log { RunEventLog.log(event, to: log) }
                    EngineMetrics.observe(event)
                }
                sink.yield(event)
            }
            last = stored.last?.sequence ?? replayAfter
        }
        for await event in subscription.events where event.sequence > last {
            if let log { RunEventLog.log(event, to: log) }
            EngineMetrics.observe(event)
            sink.yield(event)
        }
        sink.finish()
    }
}
