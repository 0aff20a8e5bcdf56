import Foundation
import JSON
import Testing

@testable import Tools

@Suite("file_system tool")
struct FileSystemToolTests {
    @Test("write creates directories, reports the change, and read returns the text")
    func writeAndRead() async throws {
        try await withFixture { fixture in
            let written = try await fixture.call(
                "file_system__write", ["path": "src/app/main.py", "content": "print(1)\n"])
            #expect(written.changedPaths == ["src/app/main.py"])
            #expect(written.result["created"] == true)
            #expect(written.result["bytes"] == 9)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: fixture.workingCopy + "/src/app") == ["main.py"])
            let read = try await fixture.call("file_system__read", ["path": "src/app/main.py"])
            #expect(read.result["content"] == "print(1)\n")
            #expect(read.result["truncated"] == false)
            #expect(read.changedPaths.isEmpty)
            let again = try await fixture.call("file_system__write", ["path": "src/app/main.py", "content": "x"])
            #expect(again.result["created"] == false)
            #expect(fixture.read("src/app/main.py") == "x")
        }
    }

    @Test("read returns a line range and cuts at the byte cap")
    func readRangeAndCap() async throws {
        try await withFixture(ToolConfiguration(fileReadCapBytes: 8)) { fixture in
            try fixture.write("one\ntwo\nthree\nfour\n", to: "lines.txt")
            let range = try await fixture.call(
                "file_system__read", ["path": "lines.txt", "start_line": 2, "end_line": 3])
            #expect(range.result["content"] == "two\nthre")
            #expect(range.result["truncated"] == true)
            #expect(range.result["total_lines"] == 4)
            let tail = try await fixture.call("file_system__read", ["path": "lines.txt", "start_line": 4])
            #expect(tail.result["content"] == "four\n")
            let whole = try await fixture.call("file_system__read", ["path": "lines.txt"])
            #expect(whole.result["content"] == "one\ntwo\n")
            #expect(whole.result["truncated"] == true)
            #expect(whole.result["size"] == 19)
            let past = await fixture.failure("file_system__read", ["path": "lines.txt", "start_line": 9])
            #expect(past == .failed("'lines.txt' has 4 lines; start_line 9 is past the end"))
        }
    }

    @Test("binary files and directories are not read as text")
    func readRefusals() async throws {
        try await withFixture { fixture in
            try Data([0x00, 0xFF, 0x10]).write(to: URL(fileURLWithPath: fixture.workingCopy + "/blob.bin"))
            #expect(
                await fixture.failure("file_system__read", ["path": "blob.bin"])
                    == .failed("'blob.bin' is not UTF-8 text (it looks binary)"))
            try fixture.write("x", to: "dir/file")
            #expect(await fixture.failure("file_system__read", ["path": "dir"]) == .failed("'dir' is a directory"))
            #expect(
                await fixture.failure("file_system__read", ["path": "missing"])
                    == .failed("cannot read 'missing': No such file or directory"))
        }
    }

    @Test("edit replaces text that occurs exactly once")
    func editOnce() async throws {
        try await withFixture { fixture in
            try fixture.write("a = 1\nb = 2\nc = 3\n", to: "m.py")
            let output = try await fixture.call("file_system__edit", ["path": "m.py", "old": "b = 2", "new": "b = 20"])
            #expect(fixture.read("m.py") == "a = 1\nb = 20\nc = 3\n")
            #expect(output.result["line"] == 2)
            #expect(output.changedPaths == ["m.py"])
        }
    }

    @Test("edit refuses text that is missing or occurs more than once, and changes nothing")
    func editRefusals() async throws {
        try await withFixture { fixture in
            try fixture.write("x = 1\nx = 1\n", to: "m.py")
            let twice = await fixture.failure("file_system__edit", ["path": "m.py", "old": "x = 1", "new": "y"])
            #expect(
                twice
                    == .failed(
                        "'old' occurs 2 times in 'm.py' (at lines 1, 2); include more of the surrounding text so that it "
                            + "occurs exactly once"))
            let missing = await fixture.failure("file_system__edit", ["path": "m.py", "old": "z", "new": "y"])
            #expect(missing?.description.hasPrefix("'old' does not occur in 'm.py'") == true)
            #expect(fixture.read("m.py") == "x = 1\nx = 1\n")
            let empty = await fixture.failure("file_system__edit", ["path": "m.py", "old": "", "new": "y"])
            #expect(empty?.violations == ["/old: must be at least 1 characters long; found 0"])
        }
    }

    @Test("list shows entries sorted with type and size, hiding .orchestrator")
    func list() async throws {
        try await withFixture { fixture in
            try fixture.write("12345", to: "b.txt")
            try fixture.write("x", to: "a/inner.txt")
            try fixture.write("s", to: ".orchestrator/state")
            try fixture.symlink("link", to: "b.txt")
            let output = try await fixture.call("file_system__list", [:])
            #expect(
                output.result["entries"]
                    == [
                        ["name": "a", "type": "directory"], ["name": "b.txt", "type": "file", "size": 5],
                        ["name": "link", "type": "symlink"],
                    ])
            let inner = try await fixture.call("file_system__list", ["path": "a"])
            #expect(inner.result["entries"] == [["name": "inner.txt", "type": "file", "size": 1]])
        }
    }

    @Test("glob matches across directories, skipping .orchestrator and .git")
    func glob() async throws {
        try await withFixture { fixture in
            for file in ["main.py", "src/a.py", "src/deep/b.py", "src/c.txt", ".orchestrator/x.py", ".git/y.py"] {
                try fixture.write("", to: file)
            }
            let all = try await fixture.call("file_system__glob", ["pattern": "**/*.py"])
            #expect(all.result["matches"] == ["main.py", "src/a.py", "src/deep/b.py"])
            let scoped = try await fixture.call("file_system__glob", ["pattern": "*.py", "path": "src"])
            #expect(scoped.result["matches"] == ["src/a.py"])
            let classes = try await fixture.call("file_system__glob", ["pattern": "src/[a-b].?y"])
            #expect(classes.result["matches"] == ["src/a.py"])
        }
    }

    @Test("a glob that does not compile is refused, naming the pattern and the reason (absolute ones too)")
    func invalidGlob() async throws {
        try await withFixture { fixture in
            #expect(
                await fixture.failure("file_system__glob", ["pattern": "a[bc"]) == .failed("glob 'a[bc': unclosed '['"))
            #expect(
                await fixture.failure("file_system__glob", ["pattern": "../x"])
                    == .failed("glob '../x': '..' component; patterns cannot leave the workspace"))
            #expect(
                await fixture.failure("file_system__glob", ["pattern": "/etc/*"])
                    == .failed("glob '/etc/*': absolute pattern; patterns are workspace-relative"))
        }
    }

    @Test("delete removes files; directories only when recursive, listing what went")
    func delete() async throws {
        try await withFixture { fixture in
            try fixture.write("x", to: "f.txt")
            try fixture.write("y", to: "d/e/g.txt")
            let file = try await fixture.call("file_system__delete", ["path": "f.txt"])
            #expect(file.changedPaths == ["f.txt"])
            #expect(!fixture.exists("f.txt"))
            let refused = await fixture.failure("file_system__delete", ["path": "d"])
            #expect(refused == .failed("'d' is a directory; pass recursive: true to delete it and its contents"))
            let tree = try await fixture.call("file_system__delete", ["path": "d", "recursive": true])
            #expect(tree.changedPaths == ["d/e/g.txt", "d/e", "d"])
            #expect(!fixture.exists("d"))
            #expect(
                await fixture.failure("file_system__delete", ["path": "."])
                    == .notAllowed("deleting the working copy itself"))
        }
    }

    @Test("deleting a symlink removes the link, never its target outside")
    func deleteSymlink() async throws {
        try await withFixture { fixture in
            try "keep".write(toFile: fixture.outside + "/keep.txt", atomically: true, encoding: .utf8)
            try fixture.symlink("inner", to: "somewhere-missing")
            _ = try await fixture.call("file_system__delete", ["path": "inner"])
            #expect(!fixture.exists("inner"))
            try fixture.symlink("out", to: fixture.outside)
            #expect(
                await fixture.failure("file_system__delete", ["path": "out/keep.txt"])?.isEscape("out/keep.txt") == true
            )
            _ = try await fixture.call("file_system__delete", ["path": "out"])
            #expect(!fixture.exists("out"))
            #expect(FileManager.default.fileExists(atPath: fixture.outside + "/keep.txt"))
        }
    }
}
