import Foundation
import TestSupport
import Testing

@testable import Processes

@Suite("sandbox arguments")
struct SandboxArgumentsTests {
    @Test("a virtual environment's python brings its own folder and its base interpreter's installation")
    func installationRoots() throws {
        let folder = try TemporaryFolder(prefix: "roots")
        defer { folder.remove() }
        try folder.write("", to: "base/bin/python3.11")
        try folder.write("", to: "venv/pyvenv.cfg")
        try FileManager.default.createDirectory(
            atPath: folder.path + "/venv/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/venv/bin/python", withDestinationPath: "python3")
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/venv/bin/python3", withDestinationPath: folder.path + "/base/bin/python3.11")
        let roots = InstallationRoots.roots(
            of: folder.path + "/venv/bin/python", excluding: ["/elsewhere/wc"], home: nil)
        #expect(roots == [folder.path + "/venv", folder.path + "/base"])
        // A program in the home folder's own bin/ brings that folder only, not the whole home.
        let home = InstallationRoots.roots(
            of: folder.path + "/base/bin/python3.11", excluding: [], home: folder.path + "/base")
        #expect(home == [folder.path + "/base/bin"])
        #expect(InstallationRoots.roots(of: "/usr/bin/python3", excluding: [], home: nil) == [])
    }

    @Test("the working copy is bound after the private /tmp, and hidden folders are covered after it")
    func order() {
        let sandbox = Sandbox.workingCopy("/tmp/wc-that-does-not-exist", settings: SandboxSettings())
        let arguments = BubblewrapArguments.arguments(
            for: sandbox, executable: "/usr/bin/true", arguments: ["x"], directory: "/tmp/wc-that-does-not-exist")
        let tmp = arguments.firstIndex(of: "/tmp") ?? .max
        let bind = arguments.firstIndex(of: "--bind") ?? -1
        let hidden = arguments.firstIndex(of: "/tmp/wc-that-does-not-exist/governance") ?? -1
        #expect(tmp < bind && bind < hidden)
        #expect(Array(arguments.suffix(3)) == ["--", "/usr/bin/true", "x"])
        #expect(!arguments.contains("--share-net"))
        #expect(arguments.contains("--as-pid-1") && arguments.contains("--die-with-parent"))
        var networked = sandbox
        networked.network = true
        #expect(
            BubblewrapArguments.arguments(for: networked, executable: "/usr/bin/true", arguments: [], directory: "/")
                .contains("--share-net"))
    }

    @Test("opting out is said once per process")
    func noticeOnce() {
        SandboxNotice.sayOnce()
        #expect(!SandboxNotice.sayOnce())
    }
}
