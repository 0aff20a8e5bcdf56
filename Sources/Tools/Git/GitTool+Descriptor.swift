import JSON

extension GitTool {
    static func makeDescriptor() -> ToolDescriptor {
        typealias S = SchemaLiteral
        let revisionPattern = "^[A-Za-z0-9._/@{}~^:+][A-Za-z0-9._/@{}~^:+-]*$"
        func options(_ action: String) -> JSONValue {
            let allowed = (GitCommandPolicy.subcommands[action] ?? []).map(\.shown).joined(separator: " ")
            return S.array(S.string("An option.", minLength: 1), "Extra options; allowed: \(allowed).")
        }
        let paths = S.array(S.string("A path relative to the working copy.", minLength: 1), "Limit to these paths.")
        let revisions = S.array(
            S.string("A commit, branch, tag or range (e.g. HEAD~1, main..feature).", pattern: revisionPattern),
            "Revisions to compare or show.")
        let name = { (what: String) in S.string(what, minLength: 1, pattern: revisionPattern) }
        func action(
            _ name: String, _ description: String, _ properties: [String: JSONValue], required: [String] = []
        )
            -> ToolActionDescriptor
        {
            var properties = properties
            properties["options"] = options(name)
            var result = S.processResult
            if case .object(var schema) = result, case .object(var members)? = schema["properties"] {
                members["command"] = S.string("The git command line that ran.")
                schema["properties"] = .object(members)
                result = .object(schema)
            }
            return ToolActionDescriptor(
                name: name, description: description, parameters: S.object(properties, required: required),
                result: result, timeoutSeconds: 75)
        }
        return ToolDescriptor(
            id: id,
            description: "Git in your working copy: status, diff, log, add, commit, branch, tag, init.",
            actions: [
                action(
                    "status", "Show changed and untracked files (short format unless options say otherwise).",
                    ["paths": paths]),
                action(
                    "diff", "Show changes: unstaged by default, staged with --cached, or between revisions.",
                    ["revisions": revisions, "paths": paths]),
                action(
                    "log", "Show commits, newest first.",
                    [
                        "revisions": revisions, "paths": paths,
                        "max_count": S.integer("How many commits (default 20).", minimum: 1, maximum: 1000),
                    ]),
                action("add", "Stage files for the next commit.", ["paths": paths]),
                action(
                    "commit", "Record the staged changes with a message.",
                    ["message": S.string("The commit message.", minLength: 1), "paths": paths], required: ["message"]),
                action(
                    "branch", "List branches, or create (name, start_point), delete (-d) or rename (-m) one.",
                    ["name": name("A branch name."), "start_point": name("Where a new branch starts.")]),
                action(
                    "tag", "List tags, or create one (annotated when a message is given).",
                    [
                        "name": name("A tag name."), "target": name("The commit to tag (default HEAD)."),
                        "message": S.string("Makes an annotated tag with this message.", minLength: 1),
                    ]),
                action(
                    "init", "Create a repository in the working copy (only if it is not one yet).",
                    ["initial_branch": name("The first branch's name.")]),
            ],
            safety: [
                "Only these subcommands, each with an allow-list of options; push, fetch, remote, config, -c, "
                    + "--exec-path, --upload-pack, --output and everything else are refused.",
                "Paths are checked to stay inside the working copy and passed after '--' as literal pathspecs.",
                "Git works on the working copy's own .git folder and tree only: a .git file (gitdir:) or symlink, "
                    + "symlinks inside .git/, commondir, object alternates and configuration includes are refused, "
                    + "and core.worktree cannot move the tree.",
                "No program named by the repository's configuration or attributes runs: hooks, filters (clean, "
                    + "smudge, process), diff and textconv drivers, pagers, editors, fsmonitor, credential helpers, "
                    + "GPG/SSH signing and signature checks are switched off; system and global git config are not "
                    + "read; submodules are not descended into; no transport is allowed.",
                "A missing identity is supplied as orchestrator <orchestrator@localhost> for that command only.",
            ])
    }
}
