import Providers
import Testing
import Tracing

@testable import Engine

@Suite("Spans")
struct TracedTests {
    private struct Refusal: Error, Equatable {}

    @Test("a span keeps the work's value and its typed error; outside a trace a child span starts nothing")
    func typedErrors() async {
        let value = await Traced.span("outer") { _ async in 42 }
        #expect(value == 42)
        do throws(Refusal) {
            _ = try await Traced.span("failing") { _ async throws(Refusal) -> Int in throw Refusal() }
            Issue.record("the error was swallowed")
        } catch {
            #expect(error == Refusal())
        }
        // Outside any trace a child span is not started: the work runs as it is.
        let child = await Traced.childSpan("store read") { span in span.isRecording }
        #expect(child == false)
    }

    @Test(
        "finish reasons use the GenAI conventions' names where they have one",
        arguments: [
            (StopReason.endTurn, "stop"), (.stopSequence, "stop"), (.maxTokens, "length"), (.toolUse, "tool_calls"),
            (.refusal, "content_filter"), (.failed("x"), "error"), (.other("custom"), "custom"),
        ])
    func finishReasons(reason: StopReason, name: String) {
        #expect(GenAISpanAttributes.finishReason(reason) == name)
    }
}
