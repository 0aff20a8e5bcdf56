import Testing

@testable import orchestrator

/// What `orchestrator rpc` prints, line by line, and when it stops.
@Suite("orchestrator rpc: reply watcher")
struct RPCReplyWatcherTests {
    static func event(_ kind: String, workflow: String) -> String {
        #"{"jsonrpc":"2.0","method":"workflow/event","params":{"kind":"\#(kind)","workflowID":"\#(workflow)"}}"#
    }

    @Test("following workflow/subscribe goes on after the reply until the named workflow's run ends")
    func followsTheNamedRun() {
        var watcher = RPCReplyWatcher(id: .integer(1), follow: true, followsRun: true, workflow: "w-2")
        #expect(watcher.consume(#"{"jsonrpc":"2.0","id":1,"result":{"replayed":0}}"#) == .show(#"{"replayed":0}"#))
        let other = Self.event("workflow.completed", workflow: "w-1")
        #expect(watcher.consume(other) == .show(other))
        let step = Self.event("checkpoint.saved", workflow: "w-2")
        #expect(watcher.consume(step) == .show(step))
        let end = Self.event("workflow.blocked", workflow: "w-2")
        #expect(watcher.consume(end) == .finish(stdout: end, stderr: nil, status: 0))
    }

    @Test("a final event replayed before the reply ends the exchange at the reply")
    func replayedEndThenReply() {
        var watcher = RPCReplyWatcher(id: .string("s"), follow: true, followsRun: true, workflow: nil)
        let end = Self.event("workflow.completed", workflow: "w-1")
        #expect(watcher.consume(end) == .show(end))
        #expect(
            watcher.consume(#"{"jsonrpc":"2.0","id":"s","result":{"replayed":1}}"#)
                == .finish(stdout: #"{"replayed":1}"#, stderr: nil, status: 0))
    }

    @Test("without following, the reply ends it; an error is exit 1, another id exit 2, notifications unprinted")
    func oneReply() {
        var watcher = RPCReplyWatcher(id: .integer(7), follow: false, followsRun: false, workflow: nil)
        #expect(watcher.consume(Self.event("workflow.completed", workflow: "w")) == .ignore)
        #expect(
            watcher.consume(#"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"Method not found"}}"#)
                == .finish(stdout: nil, stderr: "error -32601: Method not found", status: 1))
        var strict = RPCReplyWatcher(id: .integer(7), follow: false, followsRun: false, workflow: nil)
        #expect(
            strict.consume(#"{"jsonrpc":"2.0","id":"7","result":1}"#)
                == .finish(stdout: nil, stderr: "the server replied with id \"7\" to the request with id 7", status: 2))
    }
}
