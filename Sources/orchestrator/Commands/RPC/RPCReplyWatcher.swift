import JSON

/// Decides, line by line, what `orchestrator rpc` prints and when it is done.
///
/// Only one request is outstanding, so the first response ends the exchange: its result on stdout (exit 0), its
/// error on stderr (exit 1), or a reply to another id (exit 2). With `follow`, notifications are printed as they
/// come; following `workflow/subscribe` the reply only starts the stream, which ends with the first event that
/// ends a run (of the named workflow, when one was named).
struct RPCReplyWatcher {
    /// What to do with a line.
    enum Action: Equatable {
        /// Nothing: a line that is not ours to print.
        case ignore
        /// Print it on stdout and read on.
        case show(String)
        /// Print what is given and exit with the status.
        case finish(stdout: String?, stderr: String?, status: Int32)
    }

    /// The event kinds after which a workflow runs no more until someone resumes it.
    static let runEndingKinds: Set<String> = [
        "workflow.completed", "workflow.blocked", "workflow.failed", "workflow.cancelled",
    ]

    let id: JSONValue
    let follow: Bool
    let followsRun: Bool
    let workflow: String?
    /// The result, once printed; a followed subscription goes on after it.
    private(set) var result: String?
    private var runEnded = false

    init(id: JSONValue, follow: Bool, followsRun: Bool, workflow: String?) {
        self.id = id
        self.follow = follow
        self.followsRun = followsRun
        self.workflow = workflow
    }

    mutating func consume(_ line: String) -> Action {
        guard let message = try? JSONValue(parsing: line), case .object(let members) = message else { return .ignore }
        if let method = members["method"]?.stringValue {
            guard members["id"] == nil, follow else { return .ignore }
            if followsRun, method == "workflow/event", endsRun(members["params"]) {
                runEnded = true
                if result != nil { return .finish(stdout: line, stderr: nil, status: 0) }
            }
            return .show(line)
        }
        guard let replyID = members["id"] else { return .ignore }
        if replyID != id && !(replyID == .null && members["error"] != nil) {
            return .finish(
                stdout: nil,
                stderr: "the server replied with id \(replyID.jsonString()) to the request with id "
                    + id.jsonString(), status: 2)
        }
        if let value = members["result"] {
            let text = value.jsonString()
            guard followsRun, !runEnded else { return .finish(stdout: text, stderr: nil, status: 0) }
            result = text
            return .show(text)
        }
        let error = members["error"]
        let code = error?["code"].map { $0.jsonString() } ?? "?"
        let text = error?["message"]?.stringValue ?? "(no message)"
        return .finish(stdout: nil, stderr: "error \(code): \(text)", status: 1)
    }

    /// The server hung up: fine once the result is out (a followed subscription whose server stopped), else an error.
    func endOfStream(socket: String) -> Action {
        guard result == nil else { return .finish(stdout: nil, stderr: nil, status: 0) }
        return .finish(stdout: nil, stderr: "no reply from \(socket): the server closed the connection", status: 2)
    }

    /// Whether a `workflow/event`'s params end a run of the followed workflow.
    private func endsRun(_ params: JSONValue?) -> Bool {
        guard let kind = params?["kind"]?.stringValue, Self.runEndingKinds.contains(kind) else { return false }
        guard let workflow else { return true }
        let named = params?["workflowID"] ?? params?["workflowId"] ?? params?["workflow"]
        return named?.stringValue == workflow
    }
}
