import Foundation
import JSON
import Testing

@testable import Tools

@Suite("Working-copy path confinement")
struct WorkingCopyPathTests {
    @Test("relative paths are normalised inside the working copy")
    func normalised() async throws {
        try await withFixture { fixture in
            let path = try WorkingCopyPath.resolve("./src/../src//main.py", in: fixture.workingCopy, for: .write)
            #expect(path.relative == "src/main.py")
            #expect(path.absolute == fixture.workingCopy + "/src/main.py")
            #expect(try WorkingCopyPath.resolve(".", in: fixture.workingCopy, for: .read).display == ".")
        }
    }

    @Test(
        "escapes are refused for every access, naming the path",
        arguments: [
            "../outside/secret.txt", "a/../../outside", "/etc/passwd", ".orchestrator/state.db", "./.orchestrator",
        ])
    func escapes(path: String) async throws {
        try await withFixture { fixture in
            for access in [WorkingCopyPath.Access.read, .write, .delete] {
                #expect(throws: ToolError.pathEscapesWorkingCopy(path)) {
                    try WorkingCopyPath.resolve(path, in: fixture.workingCopy, for: access)
                }
            }
        }
    }

    @Test("a symlink pointing outside is refused for reading and writing, also as a directory on the way")
    func symlinkOutside() async throws {
        try await withFixture { fixture in
            try "secret".write(toFile: fixture.outside + "/secret.txt", atomically: true, encoding: .utf8)
            try fixture.symlink("link.txt", to: fixture.outside + "/secret.txt")
            try fixture.symlink("dir", to: fixture.outside)
            for path in ["link.txt", "dir/secret.txt", "dir/new.txt"] {
                for access in [WorkingCopyPath.Access.read, .write] {
                    #expect(throws: ToolError.pathEscapesWorkingCopy(path)) {
                        try WorkingCopyPath.resolve(path, in: fixture.workingCopy, for: access)
                    }
                }
            }
            let escape = await fixture.failure("file_system__read", ["path": "link.txt"])
            #expect(escape?.description == "path 'link.txt' leaves the working copy")
            #expect(
                await fixture.failure("file_system__write", ["path": "dir/new.txt", "content": "x"])?.isEscape(
                    "dir/new.txt") == true)
            #expect(!FileManager.default.fileExists(atPath: fixture.outside + "/new.txt"))
            #expect(try String(contentsOfFile: fixture.outside + "/secret.txt", encoding: .utf8) == "secret")
        }
    }

    @Test("a symlink staying inside can be read through but not written through")
    func symlinkInside() async throws {
        try await withFixture { fixture in
            try fixture.write("hello", to: "real.txt")
            try fixture.symlink("alias.txt", to: "real.txt")
            let output = try await fixture.call("file_system__read", ["path": "alias.txt"])
            #expect(output.result["content"] == "hello")
            let refusal = await fixture.failure("file_system__write", ["path": "alias.txt", "content": "changed"])
            #expect(refusal?.isNotAllowed == true)
            #expect(fixture.read("real.txt") == "hello")
        }
    }

    @Test("a symlink into .orchestrator is an escape; .git is read-only")
    func reservedDirectories() async throws {
        try await withFixture { fixture in
            try fixture.write("state", to: ".orchestrator/state")
            try fixture.symlink("state", to: fixture.workingCopy + "/.orchestrator/state")
            #expect(await fixture.failure("file_system__read", ["path": "state"])?.isEscape("state") == true)
            try fixture.write("[core]", to: ".git/config")
            #expect(try await fixture.call("file_system__read", ["path": ".git/config"]).result["content"] == "[core]")
            let refusal = await fixture.failure(
                "file_system__write", ["path": ".git/hooks/pre-commit", "content": "x"])
            #expect(refusal?.isNotAllowed == true)
        }
    }
}
