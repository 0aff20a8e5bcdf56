import Engine
import JSONRPC
import Model
import StorePort

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `resources/list` and `resources/read`: each resource is read through the JSON-RPC method that answers the same
/// question (`workflow/status`, `checkpoint/show`, `governance/audit`, `budget/report`), except a checkpoint's
/// files and the recorded gate findings, which the engine and the store give directly.
struct MCPResources: Sendable {
    let methods: JSONRPCRouter
    let registry: EngineRegistry
    let workspace: MCPWorkspace

    /// MCP's code for a resource that does not exist.
    static let notFound = -32002

    /// Every workflow of the workspace with its audit trail, gates, budget and checkpoint manifests.
    func list(context: JSONRPCRequestContext) async throws -> JSONValue {
        let listed = try await methods.answer(
            "workflow/list", params: ["workspace": .string(workspace.root)], context: context)
        var resources: [JSONValue] = []
        for report in listed["workflows"]?.arrayValue ?? [] {
            guard let id = report["id"]?.stringValue else { continue }
            let base = MCPResourceURI.base(id)
            let status = report["status"]?.stringValue ?? "unknown"
            resources.append(Self.resource(base, name: id, title: "Workflow \(id) (\(status))"))
            resources.append(Self.resource(base + "/audit", name: "\(id) audit", title: "Audit trail of \(id)"))
            resources.append(
                Self.resource(base + "/gates", name: "\(id) gates", title: "Latest gate findings of \(id)"))
            resources.append(Self.resource(base + "/budget", name: "\(id) budget", title: "Budget report of \(id)"))
            for phase in report["phases"]?.arrayValue ?? [] where (phase["attempt"]?.integerValue ?? 0) > 0 {
                guard let checkpoint = phase["checkpoint"]?.stringValue,
                    let status = phase["status"]?.stringValue, status != "running", status != "pending"
                else { continue }
                resources.append(
                    Self.resource(
                        base + "/checkpoints/\(checkpoint)/manifest", name: "\(id) \(checkpoint)",
                        title: "\(checkpoint) of \(id): what it saved"))
            }
        }
        return ["resources": .array(resources)]
    }

    private static func resource(_ uri: String, name: String, title: String) -> JSONValue {
        ["uri": .string(uri), "name": .string(name), "title": .string(title), "mimeType": "application/json"]
    }

    /// The contents of one resource.
    func read(_ uri: String, context: JSONRPCRequestContext) async throws -> JSONValue {
        guard let parsed = MCPResourceURI(uri) else {
            throw JSONRPCError(
                code: Self.notFound, message: "Resource not found: \(uri) is not an orchestrator:// resource URI",
                data: ["uri": .string(uri)])
        }
        let target: [String: JSONValue] = ["workspace": .string(workspace.root)]
        do {
            switch parsed {
            case .workflow(let id):
                return Self.json(uri, try await self.answer("workflow/status", target, workflow: id, context: context))
            case .manifest(let id, let checkpoint):
                let params = target.merging(["checkpoint": .string(checkpoint)]) { $1 }
                return Self.json(uri, try await self.answer("checkpoint/show", params, workflow: id, context: context))
            case .audit(let id):
                let params = target.merging(["verify": true]) { $1 }
                return Self.json(uri, try await self.answer("governance/audit", params, workflow: id, context: context))
            case .budget(let id):
                return Self.json(uri, try await self.answer("budget/report", target, workflow: id, context: context))
            case .gates(let id):
                return Self.json(uri, try await self.gates(workflow: id))
            case .artifact(let id, let checkpoint, let path):
                return try await self.file(uri, workflow: id, checkpoint: checkpoint, path: path)
            }
        } catch let error as JSONRPCError {
            throw Self.resourceError(error, uri: uri)
        }
    }

    /// The result of the JSON-RPC method answering the same question, for one workflow.
    private func answer(
        _ method: String, _ params: [String: JSONValue], workflow: String, context: JSONRPCRequestContext
    ) async throws -> JSONValue {
        let params = params.merging(["workflow": .string(workflow)]) { $1 }
        return try await methods.answer(method, params: .object(params), context: context)
    }

    /// Not-found errors of the engine become MCP's resource-not-found; the others keep their code.
    static func resourceError(_ error: JSONRPCError, uri: String) -> JSONRPCError {
        let missing = [
            EngineErrorReply.code(.workflowNotFound), EngineErrorReply.code(.checkpointNotFound),
            EngineErrorReply.code(.notFound), JSONRPCError.Code.invalidParams,
        ]
        var data = error.data?.objectValue ?? [:]
        data["uri"] = .string(uri)
        guard missing.contains(error.code) else {
            return JSONRPCError(code: error.code, message: error.message, data: .object(data))
        }
        return JSONRPCError(code: notFound, message: "Resource not found: \(error.message)", data: .object(data))
    }

    private static func json(_ uri: String, _ value: JSONValue) -> JSONValue {
        ["contents": [["uri": .string(uri), "mimeType": "application/json", "text": .string(value.jsonString())]]]
    }

    /// The newest recorded evaluation of each phase of a workflow, as the store holds them; nothing is evaluated.
    private func gates(workflow id: String) async throws -> JSONValue {
        let stored = try await EngineErrorReply.run { () async throws(EngineError) -> [StoredGateEvaluation] in
            let engine = try await registry.engine(workspace: workspace.root, create: false)
            _ = try await engine.report(workflowID: id)
            do {
                return try await StoredGateEvaluation.latest(in: engine.store)
            } catch {
                throw WorkflowEngine.engineError(error)
            }
        }
        let evaluations = stored.filter { $0.evaluation.workflowId == id }.sorted {
            $0.evaluation.phase.checkpointNumber < $1.evaluation.phase.checkpointNumber
        }
        var listed: [JSONValue] = []
        for item in evaluations {
            let results = try JSONValue(encoding: item.results.map(GateDiagnostics.result(of:)))
            var entry: [String: JSONValue] = [
                "phase": .string(item.evaluation.phase.rawValue), "trigger": .string(item.evaluation.trigger.rawValue),
                "blocked": .bool(item.evaluation.blocked), "evaluatedAt": .integer(item.evaluation.evaluatedAt),
                "results": results,
            ]
            entry["attempt"] = item.evaluation.attempt.map { .integer(Int64($0)) }
            listed.append(.object(entry))
        }
        return ["workflow": .string(id), "evaluations": .array(listed)]
    }

    /// One file of a checkpoint's snapshot: text when it is UTF-8, else base64.
    private func file(_ uri: String, workflow id: String, checkpoint: String, path: String) async throws -> JSONValue {
        guard let number = CheckpointName.number(checkpoint) else {
            throw JSONRPCError(code: Self.notFound, message: "Resource not found: no checkpoint \(checkpoint)")
        }
        let bytes = try await EngineErrorReply.run { () async throws(EngineError) -> [UInt8] in
            let engine = try await registry.engine(workspace: workspace.root, create: false)
            return try await engine.checkpointFile(path, checkpoint: number, workflowID: id).bytes
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return ["contents": [["uri": .string(uri), "mimeType": "text/plain", "text": .string(text)]]]
        }
        return [
            "contents": [
                [
                    "uri": .string(uri), "mimeType": "application/octet-stream",
                    "blob": .string(Data(bytes).base64EncodedString()),
                ]
            ]
        ]
    }
}
