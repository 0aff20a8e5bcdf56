import Logging
import Model
import Testing

@testable import Engine

@Suite("Run events in the log")
struct RunEventLogTests {
    private func event(_ kind: WorkflowEvent.Kind, verdict: CheckpointVerdict.Outcome? = nil) -> WorkflowEvent {
        WorkflowEvent(
            sequence: 42, workflowID: "wf-1", kind: kind, timestamp: 0, phase: .development, attempt: 2,
            agent: "developer", tool: "file_system.write", checkpoint: 4,
            verdict: verdict.map { CheckpointVerdict(outcome: $0) })
    }

    @Test("a run's phases and ends are info, agents' work debug, blocks warning, failures error")
    func levels() {
        #expect(RunEventLog.level(of: event(.workflowStarted)) == .info)
        #expect(RunEventLog.level(of: event(.phaseStarted)) == .info)
        #expect(RunEventLog.level(of: event(.checkpointSaved, verdict: .passed)) == .info)
        #expect(RunEventLog.level(of: event(.checkpointSaved, verdict: .blocked)) == .warning)
        #expect(RunEventLog.level(of: event(.checkpointSaved, verdict: .failed)) == .error)
        #expect(RunEventLog.level(of: event(.toolCall)) == .debug)
        #expect(RunEventLog.level(of: event(.agentStep)) == .debug)
        #expect(RunEventLog.level(of: event(.blocked)) == .warning)
        #expect(RunEventLog.level(of: event(.failed)) == .error)
    }

    @Test("the ids in scope are metadata; a delegation names the parent agent, the subagent and the call")
    func metadata() {
        let metadata = RunEventLog.metadata(of: event(.toolCall))
        #expect(metadata["workflow_id"] == "wf-1" && metadata["event"] == "tool.call")
        #expect(metadata["phase"] == "development" && metadata["agent"] == "developer")
        #expect(metadata["tool"] == "file_system.write" && metadata["checkpoint"] == "CP4")
        #expect(metadata["attempt"]?.description == "2" && metadata["sequence"]?.description == "42")
        var delegated = event(.delegationStarted)
        delegated.delegation = Delegation(
            id: "call-7", parent: "developer", subagent: "developer.backend", task: "write the API", paths: [],
            status: .running, summary: nil, changedPaths: [])
        let delegation = RunEventLog.metadata(of: delegated)
        #expect(delegation["agent"] == "developer" && delegation["subagent"] == "developer.backend")
        #expect(delegation["tool_call_id"] == "call-7")
    }
}
