import Model

// How each record is read back from a row, written once for every adapter (the columns are the same in each
// dialect's schema).

extension WorkflowRecord {
    /// The workflow a `workflows` row holds.
    public init(storedRow row: some StoreRow) throws {
        self.init(
            id: try row.string("id"), project: try row.string("project"), slug: try row.string("slug"),
            number: try row.int("number"), intakePath: try row.string("intake_path"),
            intakeText: try row.string("intake_text"), workspace: try row.string("workspace"),
            phases: try row.list("phases", of: Phase.self), status: try row.value("status", as: WorkflowStatus.self),
            reason: try row.optionalString("reason"), createdAt: try row.int64("created_at"))
        cancelRequested = try row.bool("cancel_requested")
        updatedAt = try row.int64("updated_at")
        traceParent = try row.optionalString("trace_parent")
    }
}

extension CheckpointRecord {
    /// The checkpoint a `checkpoints` row holds.
    public init(storedRow row: some StoreRow) throws {
        self.init(
            workflowID: try row.string("workflow_id"), phaseRunID: try row.int64("phase_run_id"),
            phase: try row.value("phase", as: Phase.self), attempt: try row.int("attempt"),
            status: try row.value("status", as: CheckpointRecord.Status.self), createdAt: try row.int64("created_at"))
        id = try row.optionalInt64("id")
        number = try row.int("number")
        missing = (try row.optionalString("missing_patterns") ?? "").split(separator: "\n").map(String.init)
        manifestHash = try row.optionalString("manifest_hash")
        fileCount = try row.int("file_count")
        totalBytes = try row.int64("total_bytes")
        newObjects = try row.int("new_objects")
        newBytes = try row.int64("new_bytes")
        hashedFiles = try row.int("hashed_files")
        reusedFiles = try row.int("reused_files")
        phaseMs = try row.double("phase_ms")
        snapshotMs = try row.double("snapshot_ms")
        prunedAt = try row.optionalInt64("pruned_at")
        addedFiles = try row.optionalInt("added_files")
        addedBytes = try row.optionalInt64("added_bytes")
        review = try row.optionalString("review").map {
            try StoredJSON.decode(
                ReviewOutcome.self, $0, table: "checkpoints", column: "review", expected: "a review outcome")
        }
    }
}

extension GateEvaluationRecord {
    /// The evaluation a `gate_evaluations` row holds.
    public init(storedRow row: some StoreRow) throws {
        self.init(
            workflowID: try row.string("workflow_id"), phase: try row.value("phase", as: Phase.self),
            attempt: try row.optionalInt("attempt"), checkpointID: try row.optionalInt64("checkpoint_id"),
            trigger: try row.value("trigger", as: GateEvaluationRecord.Trigger.self), blocked: try row.bool("blocked"),
            evaluatedAt: try row.int64("evaluated_at"))
        id = try row.int64("id")
    }
}

extension AuditRecord {
    /// The sealed entry an `audit_entries` row holds, verbatim (its hash covers the text).
    public init(storedRow row: some StoreRow) throws {
        self.init(
            workflowID: try row.string("workflow_id"), sequence: try row.int64("sequence"),
            time: try row.string("time"),
            actor: try row.string("actor"), phase: try row.optionalString("phase"), action: try row.string("action"),
            inputs: try row.string("inputs"), outcome: try row.string("outcome"),
            previousHash: try row.string("previous_hash"), hash: try row.string("hash"))
    }
}

extension ReviewRecord {
    /// The review round a `reviews` row holds.
    public init(storedRow row: some StoreRow) throws {
        let round = try StoredJSON.decode(
            ReviewRound.self, try row.string("detail"), table: "reviews", column: "detail", expected: "a review round")
        self.init(
            workflowID: try row.string("workflow_id"), phaseRunID: try row.int64("phase_run_id"),
            phase: try row.value("phase", as: Phase.self), round: round, createdAt: try row.int64("created_at"))
        id = try row.int64("id")
    }
}

extension DelegationRecord {
    /// The delegation a `delegations` row holds.
    public init(storedRow row: some StoreRow) throws {
        let delegation = Delegation(
            id: try row.string("tool_use_id"), parent: try row.string("parent"),
            subagent: try row.string("subagent"), task: try row.string("task"),
            paths: try StoredJSON.decode(
                [String].self, try row.string("paths"), table: "delegations", column: "paths",
                expected: "a list of paths"),
            status: try row.value("status", as: Delegation.Status.self),
            summary: try row.optionalString("summary"),
            changedPaths: try StoredJSON.decode(
                [String].self, try row.string("changed_paths"), table: "delegations", column: "changed_paths",
                expected: "a list of paths"))
        self.init(
            phaseRunID: try row.int64("phase_run_id"), agent: try row.string("agent"), delegation: delegation,
            startedAt: try row.int64("started_at"))
        id = try row.int64("id")
        endedAt = try row.optionalInt64("ended_at")
    }
}

extension WorkflowEvent {
    /// The event an `events` row holds, or nil for a kind this build does not know (written by a newer one).
    public static func stored(_ row: some StoreRow) throws -> WorkflowEvent? {
        guard let kind = WorkflowEvent.Kind(rawValue: try row.string("kind")) else { return nil }
        return WorkflowEvent(
            sequence: try row.int64("sequence"), workflowID: try row.string("workflow_id"), kind: kind,
            timestamp: try row.int64("timestamp"), phase: try row.optionalValue("phase", as: Phase.self),
            attempt: try row.optionalInt("attempt"), agent: try row.optionalString("agent"),
            tool: try row.optionalString("tool"), path: try row.optionalString("path"),
            checkpoint: try row.optionalInt("checkpoint"), message: try row.optionalString("message"),
            durationMs: try row.optionalDouble("duration_ms"),
            verdict: try row.optionalString("verdict").map {
                try StoredJSON.decode(CheckpointVerdict.self, $0, column: "verdict", expected: "a checkpoint verdict")
            }, step: try row.optionalString("step"),
            delegation: try row.optionalString("delegation").map {
                try StoredJSON.decode(Delegation.self, $0, column: "delegation", expected: "a delegation")
            },
            review: try row.optionalString("review").map {
                try StoredJSON.decode(ReviewRound.self, $0, column: "review", expected: "a review round")
            })
    }
}
