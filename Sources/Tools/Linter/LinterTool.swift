import JSON
import LintOutput
import Model
import Processes

/// Runs the configured linters over paths in the working copy and returns their findings.
public struct LinterTool: Tool {
    /// The tool's id.
    public static let id = "linter"

    /// Linters used when none are configured, if found on PATH.
    public static let defaults: [(name: String, argv: [String])] = [
        ("ruff", ["ruff", "check", "--output-format=sarif", "--no-cache"]),
        ("pyflakes", ["pyflakes"]),
    ]

    public let descriptor: ToolDescriptor
    /// The linters agents may run, by name: configured ones, or the defaults found on PATH.
    public let linters: [String: [String]]
    let configuration: ToolConfiguration

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.configuration = configuration
        var linters = configuration.linters.filter { !$0.value.isEmpty }
        if configuration.linters.isEmpty {
            for linter in Self.defaults where ProcessEnvironment.which(linter.argv[0]) != nil {
                linters[linter.name] = linter.argv
            }
        }
        self.linters = linters
        self.descriptor = Self.makeDescriptor(names: linters.keys.sorted(), configuration: configuration)
    }

    /// Runs `run` (one linter, or all) or `list`.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        switch action {
        case "list":
            return ToolOutput(result: [
                "linters": .array(
                    linters.keys.sorted().map { name in
                        ["name": .string(name), "command": .array((linters[name] ?? []).map { .string($0) })]
                    })
            ])
        case "run":
            return ToolOutput(result: try await run(arguments, context))
        default:
            throw .unknownAction(tool: Self.id, action: action)
        }
    }

    private func run(_ arguments: ToolArguments, _ context: ToolContext) async throws(ToolError) -> JSONValue {
        guard !linters.isEmpty else {
            throw .unavailable(
                "no linters are configured and neither ruff nor pyflakes is on PATH; configure linters for the "
                    + "tools or install one (`python3 -m pip install ruff`)")
        }
        let root = try WorkingCopyPath.resolve(".", in: context.workingCopy, for: .read)
        var names = linters.keys.sorted()
        if let chosen = try arguments.optionalString("linter") {
            guard linters[chosen] != nil else {
                throw .notAllowed("linter '\(chosen)' is not configured; available: \(names.joined(separator: ", "))")
            }
            names = [chosen]
        }
        var paths: [String] = []
        for path in try arguments.strings("paths") {
            let resolved = try WorkingCopyPath.resolve(path, in: root.root, for: .read).display
            // Behind `--` a linter takes it as a path anyway; refused too, so a linter that ignores `--` is safe.
            guard !resolved.hasPrefix("-") else {
                throw .notAllowed(
                    "the path '\(resolved)' starts with '-', so a linter would read it as an option; "
                        + "lint the folder that holds it instead")
            }
            paths.append(resolved)
        }
        if paths.isEmpty { paths = ["."] }
        var findings: [JSONValue] = []
        var runs: [JSONValue] = []
        var truncated = false
        for name in names {
            guard let argv = linters[name], let executable = argv.first else { continue }
            let outcome = try await ToolProcess.run(
                ProcessRequest(
                    executable: executable, arguments: Array(argv.dropFirst()) + ["--"] + paths,
                    environment: ProcessEnvironment.minimal(), workingDirectory: root.root, timeoutSeconds: 240,
                    outputCap: max(configuration.outputCapBytes, 4 << 20),
                    sandbox: .workingCopy(
                        root.root, network: configuration.networkTools.contains(Self.id),
                        settings: configuration.sandbox)))
            let found = try Self.findings(in: outcome, root: root.root, linter: name)
            for finding in found {
                guard findings.count < 1000 else {
                    truncated = true
                    break
                }
                guard case .object(var object) = finding.json else { continue }
                object["linter"] = .string(name)
                findings.append(.object(object))
            }
            runs.append([
                "linter": .string(name), "exit_code": .integer(Int64(outcome.exitCode)),
                "findings": .integer(Int64(found.count)), "stderr": .string(String(outcome.stderr.suffix(4000))),
            ])
        }
        return [
            "findings": .array(findings), "finding_count": .integer(Int64(findings.count)), "runs": .array(runs),
            "truncated": .bool(truncated),
        ]
    }

    /// The findings in a linter's output: SARIF when stdout is a JSON object, otherwise `file:line` lines.
    static func findings(in outcome: ProcessOutcome, root: String, linter: String) throws(ToolError) -> [LintFinding] {
        var found: [LintFinding]
        if outcome.stdout.trimmedWhitespace.hasPrefix("{") {
            guard !outcome.stdoutTruncated else { throw .failed("\(linter) wrote more SARIF than can be read") }
            do {
                found = try SARIFParser.findings(inJSON: outcome.stdout)
            } catch {
                throw .failed("\(linter) output is not readable SARIF: \(error)")
            }
        } else {
            found = LintLineParser.findings(in: outcome.stdout) + LintLineParser.findings(in: outcome.stderr)
        }
        for index in found.indices {
            found[index].file = relative(found[index].file, root: root)
        }
        return found
    }

    static func relative(_ file: String, root: String) -> String {
        if let inner = WorkingCopyPath.relativePath(of: file, under: root) { return inner.isEmpty ? "." : inner }
        return file.hasPrefix("./") ? String(file.dropFirst(2)) : file
    }

    private static func makeDescriptor(names: [String], configuration: ToolConfiguration) -> ToolDescriptor {
        typealias S = SchemaLiteral
        let linter =
            names.isEmpty
            ? S.string("A linter's name (none is configured).")
            : S.enumeration(names, "Which linter to run (default: all of them).")
        let finding = S.object(
            [
                "file": S.string("The file, relative to the working copy when inside it."),
                "line": S.integer("1-based line (0 when unknown)."), "column": S.integer("1-based column."),
                "message": S.string("What is wrong."), "rule": S.string("The rule's id."),
                "severity": S.enumeration(LintSeverity.allCases.map(\.rawValue), "How serious."),
                "linter": S.string("Which linter reported it."),
            ], required: ["file", "line", "message", "severity"], closed: false)
        return ToolDescriptor(
            id: id,
            description: "Lint files in your working copy with the configured linters: "
                + (names.isEmpty ? "none is available." : names.joined(separator: ", ") + "."),
            actions: [
                ToolActionDescriptor(
                    name: "run", description: "Run linters over paths and get their findings.",
                    parameters: S.object([
                        "linter": linter,
                        "paths": S.array(
                            S.string("A file or directory relative to the working copy.", minLength: 1),
                            "What to lint (default: the whole working copy)."),
                    ]),
                    result: S.object(
                        [
                            "findings": S.array(finding, "Findings, at most 1000."),
                            "finding_count": S.integer("How many findings are returned."),
                            "runs": S.array(
                                S.object([:], closed: false), "Each linter's exit code, finding count and stderr."),
                            "truncated": S.boolean("Whether findings were left out."),
                        ], required: ["findings", "finding_count", "runs", "truncated"], closed: false),
                    timeoutSeconds: 600),
                ToolActionDescriptor(
                    name: "list", description: "List the linters that can be run.", parameters: S.object([:]),
                    result: S.object(
                        ["linters": S.array(S.object([:], closed: false), "Each linter's name and command.")],
                        required: ["linters"], closed: false),
                    timeoutSeconds: 5),
            ],
            safety: [
                "Only linters named in the configuration (or ruff/pyflakes found on PATH when none is) can run; "
                    + "the agent chooses among them, never the command.",
                "Paths are checked to stay inside the working copy and passed after '--'; a path starting with '-' "
                    + "is refused, so no path can be read as an option (`--output-file=`, `--config=`).",
                "Linters run in the working copy with a reduced environment and a 240 s limit per linter.",
                SandboxDescription.line(configuration, tool: id),
            ])
    }
}
