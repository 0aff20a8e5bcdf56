/// The configuration every git command of the tool runs with, on top of the repository's own: each key that
/// would make git run a program, read a file outside the working copy or start git elsewhere is set to a value
/// that does none of it.
///
/// The overrides travel as `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, git's command-line scope,
/// which wins over every file and reaches the git processes git itself starts; unlike `-c`, a key with `=` in
/// its subsection cannot be misread. System and global configuration are not read at all (`GIT_CONFIG_NOSYSTEM`,
/// `GIT_CONFIG_GLOBAL=/dev/null`), so the repository's `.git/config` is the only file left, and it may be hostile.
///
/// How the keys were chosen: every variable of git-config(1) (git 2.39, `git help --config`) whose value is a
/// command, a program, a hook folder or a path, plus those that make git run itself in another repository.
/// An empty value is what disables a program for git: it runs nothing and, where the program was needed, fails
/// with "cannot run" instead. Keys with a driver or tool name in the middle (`filter.<driver>.clean`) are found
/// in the repository's configuration, listed once per call. `include.path` is refused rather than overridden:
/// an include cannot be switched off, and it reads a file that may lie outside.
enum GitConfigurationOverrides {
    /// Keys with fixed names, and the value that disables each.
    static let fixed: [(key: String, value: String)] = [
        // Programs git may start for any command.
        ("core.fsmonitor", "false"), ("core.hooksPath", "/dev/null"), ("core.pager", "cat"),
        ("core.editor", "true"), ("sequence.editor", "true"), ("core.askPass", ""), ("core.sshCommand", ""),
        ("core.gitProxy", ""), ("core.alternateRefsCommand", ""), ("diff.external", ""),
        ("interactive.diffFilter", ""), ("credential.helper", ""),
        // Signing and signature checks run gpg, gpgsm or ssh-keygen (`log.showSignature`, `--format=%G?`).
        ("gpg.program", ""), ("gpg.openpgp.program", ""), ("gpg.x509.program", ""), ("gpg.ssh.program", ""),
        ("gpg.ssh.defaultKeyCommand", ""), ("gpg.ssh.allowedSignersFile", "/dev/null"),
        ("gpg.ssh.revocationFile", "/dev/null"), ("commit.gpgSign", "false"), ("tag.gpgSign", "false"),
        ("tag.forceSignAnnotated", "false"), ("log.showSignature", "false"), ("merge.verifySignatures", "false"),
        ("push.gpgSign", "false"),
        // Files read from wherever a path points.
        ("core.attributesFile", "/dev/null"), ("core.excludesFile", "/dev/null"), ("mailmap.file", "/dev/null"),
        // Git run again in a submodule's repository (whose own configuration was never listed), and a
        // detached `git gc` that would outlive the call.
        ("diff.ignoreSubmodules", "all"), ("status.submoduleSummary", "false"), ("submodule.recurse", "false"),
        ("diff.submodule", "short"), ("gc.auto", "0"), ("gc.autoDetach", "false"), ("maintenance.auto", "false"),
        // No transport at all: a lazy fetch of a partial clone or a remote helper would start one.
        ("protocol.allow", "never"),
        // Output settings the tool's results rely on.
        ("core.quotePath", "false"), ("color.ui", "false"),
    ]

    /// For keys of the form `section.<name>.key`: the section, the key, and the value that disables it.
    static let named: [(section: String, key: String, value: String)] = [
        ("filter", "clean", ""), ("filter", "smudge", ""), ("filter", "process", ""), ("filter", "required", "false"),
        ("diff", "command", ""), ("diff", "textconv", ""), ("merge", "driver", ""), ("gpg", "program", ""),
        ("credential", "helper", ""), ("trailer", "command", ""), ("trailer", "cmd", ""), ("pager", "", "false"),
        ("difftool", "cmd", ""), ("difftool", "path", ""), ("mergetool", "cmd", ""), ("mergetool", "path", ""),
        ("browser", "cmd", ""), ("browser", "path", ""), ("man", "cmd", ""), ("man", "path", ""),
        ("guitool", "cmd", ""), ("submodule", "update", "none"),
    ]

    /// The overrides for a repository whose configuration sets `names` (as `git config --list --name-only`
    /// prints them: section and key in lower case, a subsection as written); refuses includes.
    static func overrides(forConfigured names: [String]) throws(ToolError) -> [(key: String, value: String)] {
        var overrides = fixed
        for name in names {
            let lowered = name.lowercased()
            if lowered == "include.path" || (lowered.hasPrefix("includeif.") && lowered.hasSuffix(".path")) {
                throw .notAllowed(
                    "the repository's configuration includes other files (include.path); the git tool reads "
                        + "configuration only from .git/config")
            }
            guard let firstDot = name.firstIndex(of: "."), let lastDot = name.lastIndex(of: ".") else { continue }
            let section = lowered[..<firstDot]
            let key = lowered[lowered.index(after: lastDot)...]
            // `pager.<command>` has the command as its key, so any key of the section counts.
            let hasSubsection = firstDot != lastDot || section == "pager"
            guard hasSubsection,
                let rule = named.first(where: { $0.section == section && ($0.key.isEmpty || $0.key == key) })
            else { continue }
            overrides.append((name, rule.value))
        }
        return overrides
    }

    /// The overrides as git's environment variables.
    static func environment(_ overrides: [(key: String, value: String)]) -> [String: String] {
        var environment = ["GIT_CONFIG_COUNT": String(overrides.count)]
        for (index, override) in overrides.enumerated() {
            environment["GIT_CONFIG_KEY_\(index)"] = override.key
            environment["GIT_CONFIG_VALUE_\(index)"] = override.value
        }
        return environment
    }
}
