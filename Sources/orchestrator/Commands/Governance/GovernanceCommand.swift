import ArgumentParser
import Engine
import Model

/// `orchestrator governance`: the effective policy, gate checks on demand, and the audit trail.
struct GovernanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "governance",
        abstract: "Show the effective policy, check a phase's gates now, and read or verify the audit trail.",
        subcommands: [GovernanceValidate.self, GovernanceCheck.self, GovernanceAudit.self])
}

/// How a governance report is printed.
enum GovernanceFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `orchestrator governance validate`.
struct GovernanceValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "The effective policy for a client: each gate with the file and line it came from, and every error.")

    @Option(
        help: ArgumentHelp("The client whose policy layers on top (the intake's project.client).", valueName: "slug"))
    var client: String?
    @Option(help: "table (default) or json.") var format: GovernanceFormat = .table
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let report = WorkflowEngine.policyReport(workspace: options.root, client: client)
        if options.json || format == .json {
            try JSONOutput.print(report)
        } else {
            print(GovernanceText.policy(report), terminator: "")
        }
        if !report.valid { throw ExitCode(1) }
    }
}

/// `orchestrator governance check`.
struct GovernanceCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate a phase's gates on the workspace now; exit 1 when a blocking gate fails.")

    @Option(help: ArgumentHelp("The phase whose gates run.", valueName: "phase")) var phase: Phase
    @Option(help: "table (default) or json.") var format: GovernanceFormat = .table
    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        let engine = try await options.engine()
        let report = try await engineCall { () async throws(EngineError) in
            try await engine.checkGates(phase: phase, workflowID: selection.workflow)
        }
        if options.json || format == .json {
            try JSONOutput.print(report)
        } else {
            print(GovernanceText.check(report), terminator: "")
        }
        if report.blocked { throw ExitCode(1) }
    }
}

/// `orchestrator governance audit`.
struct GovernanceAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "A workflow's audit trail; --verify checks its hash chain and names the first broken entry.")

    @Flag(help: "Check every entry's hash and link; exit 1 when the chain is broken.") var verify = false
    @Option(
        help: ArgumentHelp(
            "A head printed by an earlier --verify: also fail when that entry is gone or differs (a cut chain).",
            valueName: "seq:hash"))
    var head: String?
    @Option(help: "table (default) or json.") var format: GovernanceFormat = .table
    @OptionGroup var selection: WorkflowOption
    @OptionGroup var options: WorkspaceOptions

    func run() async throws {
        var anchor: AuditHead?
        if let head {
            guard let parsed = AuditHead(head) else {
                throw CommandFailure.usage("--head expects SEQUENCE:HASH (64 hex digits), got '\(head)'")
            }
            anchor = parsed
        }
        let engine = try await options.engine(access: .readOnly)
        let report = try await engineCall { [anchor] () throws(EngineError) in
            try await engine.auditTrail(workflowID: selection.workflow, verify: verify, head: anchor)
        }
        if options.json || format == .json {
            try JSONOutput.print(report)
        } else {
            print(GovernanceText.audit(report), terminator: "")
        }
        if report.verification?.intact == false { throw ExitCode(1) }
    }
}
