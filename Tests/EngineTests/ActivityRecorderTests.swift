import Model
import Testing

@testable import Engine

@Suite("Activity recorder")
struct ActivityRecorderTests {
    private static func event(_ number: Int) -> WorkflowEvent {
        WorkflowEvent(
            workflowID: "test-project-1", kind: .agentStep, timestamp: Int64(number), message: "step \(number)")
    }

    @Test("a quick agent's events wait for its end: none is stored apart, all go with the end's transaction")
    func quickAgentBatchesWithItsEnd() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let record = try await fixture.engine.create(intakePath: "intake.yaml")
        let recorder = ActivityRecorder(context: fixture.engine.context, window: .seconds(60))
        for number in 1...5 { await recorder.record(Self.event(number)) }
        let rest = await recorder.finish()
        #expect(rest.map(\.event.timestamp) == [1, 2, 3, 4, 5])
        #expect(try await fixture.engine.storedEvents(workflowID: record.id).map(\.kind) == [.workflowStarted])
    }

    @Test("a slow agent's events are stored and published once the window closes, in one transaction")
    func slowAgentEventsArriveAfterTheWindow() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let record = try await fixture.engine.create(intakePath: "intake.yaml")
        let subscription = fixture.engine.events.open(workflowID: record.id)
        let recorder = ActivityRecorder(context: fixture.engine.context, window: .milliseconds(10))
        await recorder.record(Self.event(1))
        await recorder.record(Self.event(2))
        var delivered: [WorkflowEvent] = []
        for await event in subscription.events {
            delivered.append(event)
            if delivered.count == 2 { break }
        }
        #expect(delivered.map(\.timestamp) == [1, 2])
        #expect(delivered[1].sequence == delivered[0].sequence + 1)
        #expect(await recorder.finish().isEmpty)
    }
}
