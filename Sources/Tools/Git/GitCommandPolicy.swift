/// Which git subcommands and options an agent may use: everything not listed is refused.
///
/// An allow-list, because git's dangerous surface is wide and open-ended: `-c` and `--exec-path` run
/// arbitrary programs, `--upload-pack`/`--receive-pack` too, `--output` writes anywhere, `push`/`remote`/
/// `config` reach or change the world outside the working copy. Options that take a value are accepted
/// only in the attached form (`--format=%h`), so a value can never be mistaken for another option or path.
struct GitCommandPolicy: Sendable {
    /// One allowed option.
    enum Option: Sendable, Hashable {
        /// Exactly this flag.
        case flag(String)
        /// `--name=VALUE`, any value.
        case valued(String)
        /// A short option with a number attached (`-n5`, `-U3`).
        case numbered(String)

        func matches(_ argument: String) -> Bool {
            switch self {
            case .flag(let flag): return argument == flag
            case .valued(let name): return argument.hasPrefix(name + "=")
            case .numbered(let prefix):
                let digits = argument.dropFirst(prefix.count)
                return argument.hasPrefix(prefix) && !digits.isEmpty && digits.allSatisfy(\.isASCII)
                    && digits.allSatisfy(\.isNumber)
            }
        }

        var shown: String {
            switch self {
            case .flag(let flag): flag
            case .valued(let name): name + "=…"
            case .numbered(let prefix): prefix + "N"
            }
        }
    }

    static let diffOptions: [Option] = [
        .flag("--stat"), .flag("--numstat"), .flag("--shortstat"), .flag("--name-only"), .flag("--name-status"),
        .flag("--cached"), .flag("--staged"), .flag("-w"), .flag("--ignore-all-space"), .flag("--word-diff"),
        .numbered("-U"), .valued("--unified"), .flag("--patch"), .flag("-p"), .flag("--no-patch"),
        .valued("--diff-filter"), .flag("--find-renames"), .flag("-M"),
    ]

    /// The allowed subcommands with their allowed options.
    static let subcommands: [String: [Option]] = [
        "status": [
            .flag("--short"), .flag("-s"), .flag("--branch"), .flag("-b"), .flag("--porcelain"),
            .valued("--porcelain"), .flag("--long"), .valued("--untracked-files"), .flag("-uno"), .flag("-unormal"),
            .flag("-uall"), .flag("--ignored"),
        ],
        "diff": diffOptions,
        "log": diffOptions + [
            .flag("--oneline"), .numbered("-n"), .valued("--max-count"), .valued("--skip"), .flag("--graph"),
            .flag("--decorate"), .flag("--all"), .valued("--format"), .valued("--pretty"), .valued("--since"),
            .valued("--until"), .valued("--author"), .valued("--grep"), .flag("--reverse"), .flag("--first-parent"),
            .flag("--no-merges"), .flag("--merges"), .flag("--follow"),
        ],
        "add": [.flag("-A"), .flag("--all"), .flag("-u"), .flag("--update"), .flag("-N"), .flag("--intent-to-add")],
        "commit": [
            .flag("-a"), .flag("--all"), .flag("--allow-empty"), .flag("--amend"), .flag("--no-edit"),
            .flag("-s"), .flag("--signoff"),
        ],
        "branch": [
            .flag("--list"), .flag("-a"), .flag("--all"), .flag("-v"), .flag("-vv"), .flag("--show-current"),
            .flag("--merged"), .flag("--no-merged"), .flag("-d"), .flag("--delete"), .flag("-m"), .flag("--move"),
            .valued("--sort"),
        ],
        "tag": [
            .flag("--list"), .flag("-l"), .flag("-n"), .numbered("-n"), .flag("-d"), .flag("--delete"),
            .valued("--sort"),
        ],
        "init": [.flag("-q"), .flag("--quiet")],
    ]

    /// Refuses a subcommand or option outside the allow-list, naming what is allowed instead.
    static func check(subcommand: String, options: [String]) throws(ToolError) {
        guard let allowed = subcommands[subcommand] else {
            throw .notAllowed(
                "git \(subcommand) is not available; the git tool runs only "
                    + subcommands.keys.sorted().joined(separator: ", "))
        }
        for option in options {
            guard option.hasPrefix("-") else {
                throw .notAllowed(
                    "'\(option)' in git \(subcommand) options is not an option; give paths in 'paths' and "
                        + "revisions in 'revisions'")
            }
            guard allowed.contains(where: { $0.matches(option) }) else {
                throw .notAllowed(
                    "git \(subcommand) option '\(option)' is not allowed; allowed: "
                        + allowed.map(\.shown).joined(separator: " "))
            }
        }
    }

    /// Refuses a revision, branch or tag name that could be read as an option or carries odd characters.
    static func checkRevision(_ revision: String, field: String) throws(ToolError) {
        let allowedPunctuation: Set<Character> = [".", "_", "/", "@", "{", "}", "~", "^", ":", "+", "-"]
        guard !revision.isEmpty, !revision.hasPrefix("-"),
            revision.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || allowedPunctuation.contains($0) })
        else {
            throw .notAllowed("'\(revision)' is not a valid \(field): use a name, hash or range such as HEAD~2..main")
        }
    }
}
