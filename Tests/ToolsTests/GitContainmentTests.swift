import Foundation
import JSON
import Testing

@testable import Tools

/// The git tool against a hostile working copy: an agent's code can write anything under it, `.git/` included,
/// so repository configuration, attributes and a `.git` file must not make git run a program or act elsewhere.
@Suite("git tool containment")
struct GitContainmentTests {
    /// A script outside the working copy that records that it ran (with its first argument) and passes its
    /// input through, as a filter or a signature verifier would.
    static func plantProgram(_ fixture: ToolFixture) throws -> String {
        let program = fixture.outside + "/program.sh"
        try "#!/bin/sh\ntouch \"\(fixture.outside)/ran-$1\"\ncat\n".write(
            toFile: program, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        return program
    }

    /// What ran of the planted program, by its argument.
    static func ran(_ fixture: ToolFixture) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.outside).filter { $0.hasPrefix("ran-") }.sorted()
    }

    static func stdout(_ output: ToolOutput) -> String { output.result["stdout"]?.stringValue ?? "" }

    @Test("clean, smudge and process filters named by .git/config and .gitattributes never run")
    func filters() async throws {
        try await withFixture { fixture in
            let program = try Self.plantProgram(fixture)
            _ = try await fixture.call("git__init", [:])
            try fixture.shell(
                """
                git config filter.evil.clean '\(program) clean'
                git config filter.evil.smudge '\(program) smudge'
                git config filter.odd.process '\(program) process'
                git config filter.odd.required true
                printf '*.txt filter=evil\\n*.dat filter=odd\\n' > .gitattributes
                """)
            try fixture.write("hello\n", to: "a.txt")
            try fixture.write("data\n", to: "b.dat")
            let added = try await fixture.call("git__add", ["options": ["-A"]])
            #expect(added.result["exit_code"] == 0, "\(added.result)")
            _ = try await fixture.call("git__status", [:])
            let commit = try await fixture.call("git__commit", ["message": "filtered"])
            #expect(commit.result["exit_code"] == 0, "\(commit.result)")
            try fixture.write("hello again\n", to: "a.txt")
            _ = try await fixture.call("git__diff", [:])
            _ = try await fixture.call("git__status", [:])
            #expect(try Self.ran(fixture) == [])
            let show = try fixture.shell("git show HEAD:a.txt")
            #expect(show == "hello\n", "the content was committed as it is, unfiltered")
        }
    }

    @Test("log.showSignature with gpg.program, and a %G? format, never run the configured program")
    func signatures() async throws {
        try await withFixture { fixture in
            let program = try Self.plantProgram(fixture)
            let signer = fixture.outside + "/sign.sh"
            try """
            #!/bin/sh
            cat >/dev/null
            printf -- '-----BEGIN PGP SIGNATURE-----\\niQEzBAABCAAd\\n-----END PGP SIGNATURE-----\\n'
            printf '\\n[GNUPG:] SIG_CREATED D 1 8 00 1 X\\n' >&2
            """.write(toFile: signer, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: signer)
            try fixture.shell(
                """
                git init -q
                git -c user.name=a -c user.email=a@example.com -c gpg.program='\(signer)' commit -q --allow-empty -S -m signed
                git config log.showSignature true
                git config gpg.program '\(program)'
                git config gpg.ssh.program '\(program)'
                """)
            let log = try await fixture.call("git__log", [:])
            #expect(Self.stdout(log).contains("signed"), "\(log.result)")
            let format = try await fixture.call("git__log", ["options": ["--format=%G? %s"]])
            #expect(Self.stdout(format) == "N signed\n", "the signature is not checked: no program may check it")
            #expect(try Self.ran(fixture) == [])
        }
    }

    @Test("a .git file pointing elsewhere (gitdir:) is refused, and the repository there is left alone")
    func gitFile() async throws {
        try await withFixture { fixture in
            try fixture.shell(
                """
                git init -q "$OUTSIDE/repo"
                printf 'gitdir: %s/repo/.git\\n' "$OUTSIDE" > .git
                mkdir -p .orchestrator && echo state > .orchestrator/state.db
                """)
            try fixture.write("x", to: "f.txt")
            for (action, arguments) in [("add", ["options": ["-A"]]), ("commit", ["message": "m"]), ("status", [:])]
                as [(String, JSONValue)]
            {
                let error = await fixture.failure("git__" + action, arguments)
                #expect(
                    error
                        == .notAllowed(
                            "'.git' in the working copy is a file, not a folder: a '.git' file ('gitdir: …') or "
                                + "symlink would send git to a repository elsewhere; the git tool works only on a "
                                + "'.git' folder inside the working copy"))
            }
            let log = try? fixture.shell("git -C \"$OUTSIDE/repo\" log --oneline 2>&1")
            #expect(log == nil || log?.contains("does not have any commits") == true)
            let index = try fixture.shell("git -C \"$OUTSIDE/repo\" ls-files")
            #expect(index == "", "nothing was staged in the repository outside")
        }
    }

    @Test("core.worktree pointing outside does not move git's working tree")
    func worktreeOutside() async throws {
        try await withFixture { fixture in
            try fixture.shell(
                """
                mkdir -p "$OUTSIDE/tree" && echo 'top secret' > "$OUTSIDE/tree/secret.txt"
                git init -q
                git config core.worktree "$OUTSIDE/tree"
                """)
            try fixture.write("mine\n", to: "mine.txt")
            let added = try await fixture.call("git__add", ["options": ["-A"]])
            #expect(added.result["exit_code"] == 0, "\(added.result)")
            let staged = try await fixture.call("git__diff", ["options": ["--cached"]])
            #expect(!Self.stdout(staged).contains("top secret"))
            #expect(Self.stdout(staged).contains("+mine"))
            let status = try await fixture.call("git__status", ["options": ["--porcelain"]])
            #expect(Self.stdout(status) == "A  mine.txt\n")
        }
    }

    @Test("configuration that includes another file, and symlinks inside .git, are refused")
    func structuralEscapes() async throws {
        try await withFixture { fixture in
            _ = try await fixture.call("git__init", [:])
            try fixture.shell("echo '[core]' > \"$OUTSIDE/extra\" && git config include.path \"$OUTSIDE/extra\"")
            let included = await fixture.failure("git__status", [:])
            #expect(
                included
                    == .notAllowed(
                        "the repository's configuration includes other files (include.path); the git tool reads "
                            + "configuration only from .git/config"))
            try fixture.shell(
                "git config --unset include.path && mv .git/refs/tags \"$OUTSIDE/tags\" "
                    + "&& ln -s \"$OUTSIDE/tags\" .git/refs/tags")
            let linked = await fixture.failure("git__status", [:])
            #expect(
                linked
                    == .notAllowed(
                        "'.git/refs/tags' is a symlink; the git tool does not follow symlinks inside .git/ "
                            + "(they can lead outside the working copy)"))
        }
    }

    @Test("a nested repository's own filters do not run when git looks at it as a submodule")
    func nestedRepository() async throws {
        try await withFixture { fixture in
            let program = try Self.plantProgram(fixture)
            _ = try await fixture.call("git__init", [:])
            try fixture.shell(
                """
                mkdir sub && cd sub && git init -q && echo a > f
                git -c user.name=a -c user.email=a@example.com add f
                git -c user.name=a -c user.email=a@example.com commit -q -m sub
                git config filter.evil.clean '\(program) nested'
                echo '* filter=evil' > .gitattributes
                cd .. && printf '[submodule "sub"]\\n\\tpath = sub\\n\\turl = ./sub\\n\\tignore = none\\n' > .gitmodules
                """)
            _ = try await fixture.call("git__add", ["options": ["-A"]])
            _ = try await fixture.call("git__commit", ["message": "with a nested repository"])
            try fixture.shell("touch sub/f")
            _ = try await fixture.call("git__status", [:])
            _ = try await fixture.call("git__diff", [:])
            _ = try await fixture.call("git__commit", ["message": "again", "options": ["-a", "--allow-empty"]])
            #expect(try Self.ran(fixture) == [])
        }
    }

    @Test("driver, tool and URL subsections are overridden whatever they contain; other keys are left alone")
    func namedOverrides() throws {
        let names = [
            "filter.a=b.clean", "filter.lfs.process", "diff.My.Driver.textconv", "credential.https://x.example.helper",
            "pager.log", "gpg.ssh.program", "remote.origin.url", "filter.lfs.clean.extra", "core.worktree",
        ]
        let added = try GitConfigurationOverrides.overrides(forConfigured: names)
            .dropFirst(GitConfigurationOverrides.fixed.count)
        #expect(
            added.map { "\($0.key)=\($0.value)" } == [
                "filter.a=b.clean=", "filter.lfs.process=", "diff.My.Driver.textconv=",
                "credential.https://x.example.helper=", "pager.log=false", "gpg.ssh.program=",
            ])
        #expect(throws: ToolError.self) {
            try GitConfigurationOverrides.overrides(forConfigured: ["includeif.gitdir:/x/.path"])
        }
    }

    @Test("the user's global configuration (~/.gitconfig, XDG) is never read: programs it names never run")
    func globalConfiguration() async throws {
        try await withFixture { fixture in
            let program = try Self.plantProgram(fixture)
            let home = fixture.outside + "/home"
            let hostile = """
                [filter "evil"]
                \tclean = \(program) clean
                \tsmudge = \(program) smudge
                [core]
                \tfsmonitor = \(program) fsmonitor
                \tattributesFile = \(home)/attributes
                [alias]
                \tstatus = !\(program) alias
                """
            try FileManager.default.createDirectory(atPath: home + "/.config/git", withIntermediateDirectories: true)
            try hostile.write(toFile: home + "/.gitconfig", atomically: true, encoding: .utf8)
            try hostile.write(toFile: home + "/.config/git/config", atomically: true, encoding: .utf8)
            try "* filter=evil\n".write(toFile: home + "/attributes", atomically: true, encoding: .utf8)
            let tool = GitTool(
                configuration: .init(), environment: ["HOME": home, "XDG_CONFIG_HOME": home + "/.config"])
            let registry = ToolRegistry(tools: [tool])
            func call(_ action: String, _ arguments: JSONValue) async throws -> ToolOutput {
                try await registry.call("git__" + action, arguments: arguments, context: fixture.context)
            }
            _ = try await call("init", [:])
            try fixture.write("hello\n", to: "a.txt")
            let added = try await call("add", ["options": ["-A"]])
            #expect(added.result["exit_code"] == 0, "\(added.result)")
            let commit = try await call("commit", ["message": "plain"])
            #expect(commit.result["exit_code"] == 0, "\(commit.result)")
            try fixture.write("hello again\n", to: "a.txt")
            _ = try await call("status", [:])
            _ = try await call("diff", [:])
            #expect(try Self.ran(fixture) == [])
            #expect(try fixture.shell("git show HEAD:a.txt") == "hello\n", "committed unfiltered")
        }
    }
}
