import Config
import Governance
import JSON
import Model
import StorePort

extension GovernanceJudge {
    /// Reads the workspace's policies for a client; policy errors refuse the run, since a policy file that cannot
    /// be applied would otherwise let its gates go unenforced without anyone noticing.
    func effectivePolicy(client: String?) throws(EngineError) -> EffectivePolicy {
        let layout = context.layout
        let policy = PolicyLoader.load(workspace: layout.root).effectivePolicy(client: client)
        guard !policy.hasErrors else {
            let lines = policy.diagnostics.filter { $0.diagnostic.severity == .error }.map { item in
                let start = item.diagnostic.range.start
                return "  \(layout.relative(item.file)):\(start.line + 1):\(start.scalarColumn + 1): "
                    + "\(item.diagnostic.message) [\(item.diagnostic.code)]"
            }
            throw EngineError(
                .invalidPolicy,
                "the governance policy has errors; fix them (see 'orchestrator governance validate'):\n"
                    + lines.joined(separator: "\n"))
        }
        return policy
    }

    /// Loads the policy a run is judged by and audits the load; on policy errors the workflow pauses with them.
    func loadRunPolicy(for workflow: WorkflowRecord, plan: WorkflowPlan) async throws(EngineError) -> EffectivePolicy {
        let client = plan.intake.project.client
        let policy: EffectivePolicy
        do {
            policy = try effectivePolicy(client: client)
        } catch {
            let now = context.clock.nowMilliseconds()
            let audit = context.audit
            try? await context.commit { tx, published in
                guard var record = try tx.workflow(id: workflow.id) else { return }
                record.status = .paused
                record.reason = error.message
                record.updatedAt = now
                try tx.update(record)
                try audit.append(
                    tx, workflow: workflow.id, phase: nil, action: .policyLoaded,
                    inputs: .object(["client": client.map(JSONValue.string) ?? .null]), outcome: "refused")
                published.append(
                    try tx.append(
                        WorkflowEvent(workflowID: workflow.id, kind: .blocked, timestamp: now, message: error.message)))
            }
            await context.signAuditHead(of: workflow.id)
            throw error
        }
        let audit = context.audit
        let inputs = Self.auditInputs(of: policy, client: client, root: context.layout)
        try await context.commit { tx, _ in
            try audit.append(
                tx, workflow: workflow.id, phase: nil, action: .policyLoaded, inputs: inputs, outcome: "loaded")
        }
        await context.signAuditHead(of: workflow.id)
        return policy
    }

    static func auditInputs(of policy: EffectivePolicy, client: String?, root: WorkspaceLayout) -> JSONValue {
        .object([
            "client": client.map(JSONValue.string) ?? .null,
            "layers": .array(
                policy.layers.map { layer in
                    .object([
                        "policy": .string(layer.policyId), "level": .string(layer.level.rawValue),
                        "file": .string(root.relative(layer.file)),
                    ])
                }),
            "gates": .array(policy.gates.map { .string($0.id) }),
            "waivers": .integer(Int64(policy.waivers.count)),
            "warnings": .integer(Int64(policy.diagnostics.count)),
        ])
    }
}
