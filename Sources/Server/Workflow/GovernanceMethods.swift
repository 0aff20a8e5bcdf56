import Engine
import JSONRPC
import Model

/// `governance/validate` params.
struct GovernanceValidateParams: Decodable, Sendable {
    var workspace: String?
    /// The client whose policy layers on top; none: universal and organization layers only.
    var client: String?
}

/// `governance/check` params.
struct GovernanceCheckParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    var phase: Phase
}

/// `governance/audit` params.
struct GovernanceAuditParams: Decodable, Sendable {
    var workspace: String?
    var workflow: String?
    /// Check the hash chain and name the first broken entry.
    var verify: Bool?
    /// An entry anchored earlier, `SEQUENCE:HASH`: verification also fails when it is gone or differs.
    var head: String?
}

/// `governance/validate`: the effective policy for a client, where each gate came from, and every policy error.
enum GovernanceValidateMethod: JSONRPCMethod {
    typealias Params = GovernanceValidateParams
    typealias Result = PolicyValidationReport
    static let name = "governance/validate"
}

/// `governance/check`: evaluates a phase's gates on the workspace now and records the evaluation.
enum GovernanceCheckMethod: JSONRPCMethod {
    typealias Params = GovernanceCheckParams
    typealias Result = GateCheckReport
    static let name = "governance/check"
}

/// `governance/audit`: a workflow's audit trail, verified on request.
enum GovernanceAuditMethod: JSONRPCMethod {
    typealias Params = GovernanceAuditParams
    typealias Result = AuditTrailReport
    static let name = "governance/audit"
}

extension OrchestratorServer {
    /// Registers `governance/*`: the same engine operations as the CLI's `governance` commands.
    func registerGovernanceMethods(on router: inout JSONRPCRouter) {
        let registry = self.engines
        router.register(GovernanceValidateMethod.self) { params, _ in
            let root = await registry.resolve(params.workspace)
            return try await offLoop { WorkflowEngine.policyReport(workspace: root, client: params.client) }
        }
        router.register(GovernanceCheckMethod.self) { params, _ in
            try await engineCall(registry, params.workspace) { engine throws(EngineError) in
                try await engine.checkGates(phase: params.phase, workflowID: params.workflow)
            }
        }
        router.register(GovernanceAuditMethod.self) { params, _ in
            var head: AuditHead?
            if let text = params.head {
                guard let parsed = AuditHead(text) else {
                    throw JSONRPCError.invalidParams("field \"head\": expected \"SEQUENCE:HASH\", got \"\(text)\"")
                }
                head = parsed
            }
            return try await engineCall(registry, params.workspace) { [head] engine throws(EngineError) in
                try await engine.auditTrail(workflowID: params.workflow, verify: params.verify ?? false, head: head)
            }
        }
    }
}
