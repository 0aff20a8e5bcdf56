import JSON
import Processes

/// Git in the working copy: status, diff, log, add, commit, branch, tag and init, through the `git` binary.
public struct GitTool: Tool {
    /// The tool's id.
    public static let id = "git"

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration
    /// Variables set on top of the reduced environment (tests point HOME at an empty folder).
    let environment: [String: String]

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.init(configuration: configuration, environment: [:])
    }

    init(configuration: ToolConfiguration, environment: [String: String]) {
        self.configuration = configuration
        self.environment = environment
        self.descriptor = Self.makeDescriptor()
    }

    /// Runs one git subcommand; a non-zero exit is reported in the result, a refused option is thrown.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        let options = try arguments.strings("options")
        try GitCommandPolicy.check(subcommand: action, options: options)
        let root = try WorkingCopyPath.resolve(".", in: context.workingCopy, for: .read)
        var command = [action]
        var identityNeeded = false
        switch action {
        case "status":
            command += options.isEmpty ? ["--short", "--branch"] : options
        case "diff":
            command += ["--no-ext-diff", "--no-textconv", "--no-color"] + options + (try revisions(arguments))
        case "log":
            let count = try arguments.integer("max_count") ?? 20
            command += ["--no-ext-diff", "--no-textconv", "--no-color", "--max-count=\(count)"] + options
            command += try revisions(arguments)
        case "add":
            command += options
        case "commit":
            command += ["--message=\(try arguments.string("message"))"] + options
            identityNeeded = true
        case "branch":
            command += options + (try names(arguments, ["name", "start_point"]))
        case "tag":
            command += options
            if let message = try arguments.optionalString("message") {
                command += ["--annotate", "--message=\(message)"]
                identityNeeded = true
            }
            command += try names(arguments, ["name", "target"])
        case "init":
            guard FileIO.info(root.absolute + "/.git") == nil else {
                throw .notAllowed("the working copy is already a git repository")
            }
            command += ["--quiet"] + options
            if let branch = try arguments.optionalString("initial_branch") {
                try GitCommandPolicy.checkRevision(branch, field: "branch name")
                command.append("--initial-branch=\(branch)")
            }
        default:
            throw .unknownAction(tool: Self.id, action: action)
        }
        let paths = try arguments.strings("paths")
        if !paths.isEmpty {
            guard action != "init", action != "branch", action != "tag" else {
                throw arguments.invalid("/paths: git \(action) takes no paths")
            }
            command.append("--")
            for path in paths {
                command.append(try WorkingCopyPath.resolve(path, in: root.root, for: .read).display)
            }
        }
        let identity = identityNeeded ? try await missingIdentity(root.root) : []
        let outcome = try await git(identity + command, in: root.root)
        var result = outcome.resultMembers
        result["command"] = .string((["git"] + command).joined(separator: " "))
        return ToolOutput(result: .object(result))
    }

    private func revisions(_ arguments: ToolArguments) throws(ToolError) -> [String] {
        let revisions = try arguments.strings("revisions")
        for revision in revisions { try GitCommandPolicy.checkRevision(revision, field: "revision") }
        return revisions
    }

    private func names(_ arguments: ToolArguments, _ keys: [String]) throws(ToolError) -> [String] {
        var names: [String] = []
        for key in keys {
            guard let name = try arguments.optionalString(key) else { continue }
            try GitCommandPolicy.checkRevision(name, field: key.replacing("_", with: " "))
            names.append(name)
        }
        return names
    }

    /// `-c user.…` for whichever of name and email git's own configuration lacks; set by us only.
    private func missingIdentity(_ workingCopy: String) async throws(ToolError) -> [String] {
        let outcome = try await git(["config", "--get-regexp", "^user\\.(name|email)$"], in: workingCopy)
        let keys = Set(outcome.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first })
        var identity: [String] = []
        if !keys.contains("user.name") { identity += ["-c", "user.name=orchestrator"] }
        if !keys.contains("user.email") { identity += ["-c", "user.email=orchestrator@localhost"] }
        return identity
    }

    /// Runs git with settings that keep it from running other programs, paging, prompting or looking
    /// above the working copy for a repository.
    func git(_ arguments: [String], in workingCopy: String) async throws(ToolError) -> ProcessOutcome {
        let parent = workingCopy.lastIndex(of: "/").map { String(workingCopy[..<$0]) } ?? "/"
        let fixed = [
            "-C", workingCopy, "--no-pager", "--literal-pathspecs",
            "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.pager=cat",
            "-c", "core.quotePath=false", "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false",
            "-c", "color.ui=false", "-c", "protocol.allow=never",
        ]
        let request = ProcessRequest(
            executable: configuration.gitExecutable, arguments: fixed + arguments,
            environment: ProcessEnvironment.minimal(
                [
                    "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true", "GIT_PAGER": "cat",
                    "GIT_CEILING_DIRECTORIES": parent.isEmpty ? "/" : parent, "GIT_ASKPASS": "true",
                ].merging(environment) { _, override in override }),
            workingDirectory: workingCopy, timeoutSeconds: 60, outputCap: configuration.outputCapBytes)
        return try await ToolProcess.run(
            request, notFoundHint: "git was not found on PATH; install git (e.g. `apt-get install git`)")
    }
}
