import CoreMetrics
import Model
import StorePort
import Tokens

/// The engine's metrics, emitted through swift-metrics: no-ops until the process bootstraps a backend
/// (`serve --metrics-address`). Labels are bounded sets (phases, outcomes, agent, tool, gate and model names from
/// configuration); never a workflow id, which would make a series per engagement.
public enum EngineMetrics {
    /// Counter of runs that ended, by `outcome` (the workflow's status when its run ended).
    public static let workflowRuns = "orchestrator_workflow_runs_total"
    /// Gauge of the runs this process is running.
    public static let workflowsRunning = "orchestrator_workflows_running"
    /// Histogram of phase durations, from a phase's start to its checkpoint, by `phase` and `outcome`.
    public static let phaseDuration = "orchestrator_phase_duration_seconds"
    /// Counter of agents' steps, by `agent`.
    public static let agentSteps = "orchestrator_agent_steps_total"
    /// Counter of tool calls, by `tool`.
    public static let toolCalls = "orchestrator_tool_calls_total"
    /// Counter of model calls charged to the ledger, by `provider` and `model`.
    public static let modelCalls = "orchestrator_model_calls_total"
    /// Counter of tokens charged to the ledger, by `kind` (input, output, cache_write, cache_read), `model` and
    /// `phase`.
    public static let tokens = "orchestrator_tokens_total"
    /// Counter of USD charged to the ledger at list prices, by `model` and `phase`.
    public static let cost = "orchestrator_cost_usd_total"
    /// Counter of gates that failed at a checkpoint, by `gate` and `severity` (blocking, warning).
    public static let gateFailures = "orchestrator_gate_failures_total"
    /// Histogram of store transaction durations, by `kind` (read, write).
    public static let storeTransactionDuration = "orchestrator_store_transaction_duration_seconds"
    /// Counter of bytes of new objects a checkpoint's snapshot stored.
    public static let snapshotBytes = "orchestrator_snapshot_stored_bytes_total"
    /// Gauges of what the last charged run may still spend, by `level` (workflow, phase, agent), where limited.
    public static let budgetRemainingTokens = "orchestrator_budget_remaining_tokens"
    public static let budgetRemainingUSD = "orchestrator_budget_remaining_usd"

    /// Each metric's `# HELP` text.
    public static let help: [String: String] = [
        workflowRuns: "Workflow runs that ended, by the workflow's status at the end.",
        workflowsRunning: "Workflow runs in progress in this process.",
        phaseDuration: "Phase duration from its start to its checkpoint, by phase and checkpoint outcome.",
        agentSteps: "Steps agents took, by agent.",
        toolCalls: "Tool calls agents made, by tool.",
        modelCalls: "Model calls charged to the ledger, by provider and model.",
        tokens: "Tokens charged to the ledger, by kind, model and phase.",
        cost: "USD charged to the ledger at list prices, by model and phase.",
        gateFailures: "Quality gates that failed at a checkpoint, by gate and severity.",
        storeTransactionDuration: "Store transaction duration, by kind.",
        snapshotBytes: "Bytes of new objects stored by checkpoint snapshots.",
        budgetRemainingTokens: "Tokens the last charged run may still spend, by level, where its budget is limited.",
        budgetRemainingUSD: "USD the last charged run may still spend, by level, where its budget is limited.",
    ]

    /// Whether a backend records anything: work done only to feed metrics (reading budgets) is skipped otherwise.
    static var recording: Bool { !(MetricsSystem.factory is NOOPMetricsHandler) }

    /// What is left at each level after a charge (only the limited dimensions).
    static func budgetRemaining(_ levels: [(name: String, left: BudgetLimit)]) {
        for (name, left) in levels {
            if let tokens = left.tokens {
                Gauge(label: budgetRemainingTokens, dimensions: [("level", name)]).record(Int64(tokens))
            }
            if let usd = left.usd {
                Gauge(label: budgetRemainingUSD, dimensions: [("level", name)])
                    .record(Double("\(usd)") ?? 0)
            }
        }
    }

    /// One model call the ledger stored (a repeated message id is not one).
    static func charged(_ record: TokenUsageRecord) {
        let model = record.model ?? "unknown"
        let phase = record.phase?.rawValue ?? "none"
        Counter(label: modelCalls, dimensions: [("provider", record.provider ?? "unknown"), ("model", model)])
            .increment()
        let kinds: [(String, Int)] = [
            ("input", record.usage.input), ("output", record.usage.output),
            ("cache_write", record.usage.cacheCreation), ("cache_read", record.usage.cacheRead),
        ]
        for (kind, count) in kinds where count > 0 {
            Counter(label: tokens, dimensions: [("kind", kind), ("model", model), ("phase", phase)])
                .increment(by: Int64(count))
        }
        if let usd = record.costUSD.flatMap(Double.init), usd > 0 {
            FloatingPointCounter(label: cost, dimensions: [("model", model), ("phase", phase)]).increment(by: usd)
        }
    }

    /// What one stored event of a run adds (each event once: the run's live events, and a start's own).
    static func observe(_ event: WorkflowEvent) {
        switch event.kind {
        case .agentStep:
            Counter(label: agentSteps, dimensions: [("agent", event.agent ?? "engine")]).increment()
        case .toolCall:
            Counter(label: toolCalls, dimensions: [("tool", event.tool ?? "unknown")]).increment()
        case .checkpointSaved:
            guard let phase = event.phase, let verdict = event.verdict else { return }
            if let milliseconds = event.durationMs {
                Timer(
                    label: phaseDuration,
                    dimensions: [("phase", phase.rawValue), ("outcome", verdict.outcome.rawValue)]
                )
                .recordNanoseconds(Int64(milliseconds * 1_000_000))
            }
            for gate in verdict.blockingGates {
                Counter(label: gateFailures, dimensions: [("gate", gate), ("severity", "blocking")]).increment()
            }
            for gate in verdict.warningGates {
                Counter(label: gateFailures, dimensions: [("gate", gate), ("severity", "warning")]).increment()
            }
        default:
            return
        }
    }

    static func runStarted() { Meter(label: workflowsRunning).increment() }

    static func runEnded(status: String) {
        Meter(label: workflowsRunning).decrement()
        Counter(label: workflowRuns, dimensions: [("outcome", status)]).increment()
    }

    static func storeTransaction(_ kind: String, took duration: Duration) {
        Timer(label: storeTransactionDuration, dimensions: [("kind", kind)]).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    static func snapshotStored(bytes: Int64) {
        guard bytes > 0 else { return }
        Counter(label: snapshotBytes).increment(by: bytes)
    }
}
