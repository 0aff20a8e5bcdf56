/// The schema, as append-only numbered migrations (`PRAGMA user_version` counts those applied): a shipped
/// migration is never edited, only followed.
enum StoreMigrations {
    static let all: [String] = [
        version1, version2, version3, version4, version5, version6, version7, version8, version9, version10,
    ]

    /// Row ids are SQLite's rowid aliases without AUTOINCREMENT: nothing is ever deleted from these tables (events
    /// cannot be), so ids only grow, and each insert skips a write to `sqlite_sequence`.
    ///
    /// Workflows, phase attempts, agent runs, checkpoints, artifacts, leases, the append-only event log, and the
    /// tables of later features (budgets, token usage, gate results, audit entries), which exist from the start so
    /// those features add columns by migration rather than reshaping history.
    static let version1 = """
        CREATE TABLE workflows (
            id TEXT PRIMARY KEY NOT NULL,
            project TEXT NOT NULL,
            slug TEXT NOT NULL,
            number INTEGER NOT NULL,
            intake_path TEXT NOT NULL,
            intake_text TEXT NOT NULL,
            workspace TEXT NOT NULL,
            phases TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (slug, number)
        );
        CREATE TABLE phase_runs (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            status TEXT NOT NULL,
            reason TEXT,
            agents TEXT NOT NULL,
            started_at INTEGER,
            ended_at INTEGER,
            UNIQUE (workflow_id, phase, attempt)
        );
        CREATE TABLE agent_runs (
            id INTEGER PRIMARY KEY,
            phase_run_id INTEGER NOT NULL REFERENCES phase_runs(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            status TEXT NOT NULL,
            summary TEXT,
            steps INTEGER NOT NULL DEFAULT 0,
            started_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE INDEX agent_runs_by_phase_run ON agent_runs(phase_run_id);
        CREATE TABLE checkpoints (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            phase_run_id INTEGER NOT NULL REFERENCES phase_runs(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            phase TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            status TEXT NOT NULL,
            missing_patterns TEXT,
            manifest_hash TEXT,
            file_count INTEGER NOT NULL,
            total_bytes INTEGER NOT NULL,
            new_objects INTEGER NOT NULL,
            new_bytes INTEGER NOT NULL,
            hashed_files INTEGER NOT NULL,
            reused_files INTEGER NOT NULL,
            phase_ms REAL NOT NULL,
            snapshot_ms REAL NOT NULL,
            created_at INTEGER NOT NULL,
            pruned_at INTEGER,
            UNIQUE (workflow_id, phase, attempt)
        );
        CREATE TABLE artifacts (
            id INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
            pattern TEXT NOT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX artifacts_by_checkpoint ON artifacts(checkpoint_id);
        CREATE TABLE leases (
            workflow_id TEXT PRIMARY KEY NOT NULL REFERENCES workflows(id),
            pid INTEGER NOT NULL,
            process_start INTEGER NOT NULL,
            host TEXT NOT NULL,
            acquired_at INTEGER NOT NULL
        );
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            phase TEXT,
            attempt INTEGER,
            agent TEXT,
            tool TEXT,
            path TEXT,
            checkpoint INTEGER,
            message TEXT,
            duration_ms REAL
        );
        CREATE INDEX events_by_workflow ON events(workflow_id, sequence);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TABLE budgets (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            limit_tokens INTEGER,
            limit_usd TEXT,
            UNIQUE (workflow_id, scope)
        );
        CREATE TABLE token_usage (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            phase TEXT,
            agent TEXT,
            model TEXT,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            timestamp INTEGER NOT NULL
        );
        CREATE TABLE gate_results (
            id INTEGER PRIMARY KEY,
            checkpoint_id INTEGER NOT NULL REFERENCES checkpoints(id) ON DELETE CASCADE,
            gate TEXT NOT NULL,
            outcome TEXT NOT NULL,
            message TEXT
        );
        CREATE TABLE audit_entries (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            workflow_id TEXT REFERENCES workflows(id) ON DELETE CASCADE,
            action TEXT NOT NULL,
            detail TEXT,
            timestamp INTEGER NOT NULL,
            previous_hash TEXT,
            hash TEXT
        );
        """

    /// The token ledger: one row per billed model message, deduplicated by message id within a workflow; the
    /// split of the prompt by cache state, the subagent and provider, the cost (a decimal string; NULL when the
    /// model has no price) and the phase attempt. Agent runs record how large their conversation grew.
    static let version2 = """
        ALTER TABLE token_usage ADD COLUMN attempt INTEGER;
        ALTER TABLE token_usage ADD COLUMN subagent TEXT;
        ALTER TABLE token_usage ADD COLUMN provider TEXT;
        ALTER TABLE token_usage ADD COLUMN message_id TEXT;
        ALTER TABLE token_usage ADD COLUMN cache_creation_tokens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE token_usage ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE token_usage ADD COLUMN cost_usd TEXT;
        CREATE UNIQUE INDEX token_usage_by_message ON token_usage(workflow_id, message_id)
            WHERE message_id IS NOT NULL;
        CREATE INDEX token_usage_by_workflow ON token_usage(workflow_id);
        ALTER TABLE agent_runs ADD COLUMN transcript_tokens INTEGER;
        """

    /// A budget level may be given a share of its parent (a decimal fraction as text) instead of fixed amounts.
    static let version3 = """
        ALTER TABLE budgets ADD COLUMN share TEXT;
        """

    /// Governance: gate evaluations (one per phase boundary or on-demand check) with one row per gate, the full
    /// result (findings included) as JSON; and the audit trail as per-workflow hash chains. The version 1
    /// placeholders for both were never written, so they are replaced rather than altered.
    static let version4 = """
        DROP TABLE gate_results;
        DROP TABLE audit_entries;
        CREATE TABLE gate_evaluations (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            attempt INTEGER,
            checkpoint_id INTEGER REFERENCES checkpoints(id) ON DELETE CASCADE,
            trigger TEXT NOT NULL,
            blocked INTEGER NOT NULL,
            evaluated_at INTEGER NOT NULL
        );
        CREATE INDEX gate_evaluations_by_workflow ON gate_evaluations(workflow_id, phase);
        CREATE TABLE gate_results (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER NOT NULL REFERENCES gate_evaluations(id) ON DELETE CASCADE,
            gate TEXT NOT NULL,
            status TEXT NOT NULL,
            severity TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX gate_results_by_evaluation ON gate_results(evaluation_id);
        CREATE TABLE audit_entries (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            time TEXT NOT NULL,
            actor TEXT NOT NULL,
            phase TEXT,
            action TEXT NOT NULL,
            inputs TEXT NOT NULL,
            outcome TEXT NOT NULL,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (workflow_id, sequence)
        );
        """

    /// Typed events: a checkpoint's verdict (outcome, reason, gates, missing artifacts) as JSON on its event, so no
    /// reader infers it from the message text.
    static let version5 = """
        ALTER TABLE events ADD COLUMN verdict TEXT;
        """

    /// What a checkpoint added relative to the checkpoint before it: files whose content that one did not hold, and
    /// the bytes of that new content. `new_bytes` stays what the snapshot itself wrote to the object store, which
    /// is 0 when agents' working copies stored the objects first. NULL for checkpoints recorded before.
    static let version6 = """
        ALTER TABLE checkpoints ADD COLUMN added_files INTEGER;
        ALTER TABLE checkpoints ADD COLUMN added_bytes INTEGER;
        """

    /// The provider's own cost beside the price table's: claude-code reports `total_cost_usd` for a whole run, which
    /// the ledger keeps spread over that run's messages (a decimal string; NULL when the provider reported none).
    static let version7 = """
        ALTER TABLE token_usage ADD COLUMN reported_cost_usd TEXT;
        """

    /// One writer per workspace: the lease moves from each workflow to the workspace (one row, whoever runs, rolls
    /// back or prunes), so the per-workflow table goes; and the rollback journal, whose rows are written before a
    /// rollback touches the tree and marked done with its record.
    static let version8 = """
        DROP TABLE leases;
        CREATE TABLE workspace_lease (
            slot INTEGER PRIMARY KEY CHECK (slot = 1),
            activity TEXT NOT NULL,
            workflow_id TEXT,
            pid INTEGER NOT NULL,
            process_start INTEGER NOT NULL,
            host TEXT NOT NULL,
            acquired_at INTEGER NOT NULL
        );
        CREATE TABLE rollbacks (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            checkpoint INTEGER NOT NULL,
            manifest_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE INDEX rollbacks_by_state ON rollbacks(state);
        """

    /// Agents as a team: the tasks agents delegated to their subagents and the rounds of each phase's review (the
    /// round, findings and answers as JSON), each tied to its phase attempt; a checkpoint's review outcome (JSON);
    /// and the typed fields of the events that report them (the skill step a tool call served, the delegation, the review round), as JSON. A review
    /// row changes when its findings are answered, so a one-row counter counts changes for a cheap "anything new" probe.
    static let version9 = """
        CREATE TABLE delegations (
            id INTEGER PRIMARY KEY,
            phase_run_id INTEGER NOT NULL REFERENCES phase_runs(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            tool_use_id TEXT NOT NULL,
            parent TEXT NOT NULL,
            subagent TEXT NOT NULL,
            task TEXT NOT NULL,
            paths TEXT NOT NULL,
            status TEXT NOT NULL,
            summary TEXT,
            changed_paths TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE INDEX delegations_by_phase_run ON delegations(phase_run_id);
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            workflow_id TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
            phase_run_id INTEGER NOT NULL REFERENCES phase_runs(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            kind TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            round INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            detail TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX reviews_by_phase_run ON reviews(phase_run_id);
        CREATE TABLE review_revisions (id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL);
        INSERT INTO review_revisions (id, counter) VALUES (1, 0);
        ALTER TABLE checkpoints ADD COLUMN review TEXT;
        ALTER TABLE events ADD COLUMN step TEXT;
        ALTER TABLE events ADD COLUMN delegation TEXT;
        ALTER TABLE events ADD COLUMN review TEXT;
        """

    /// The W3C `traceparent` of a workflow's latest traced run, so a resume's trace links to the run it continues.
    static let version10 = """
        ALTER TABLE workflows ADD COLUMN trace_parent TEXT;
        """
}
