import Engine
import Foundation
import Testing

@Suite("Checkout: a checkpoint's files in a folder of their own")
struct CheckoutTests {
    /// Every file, symlink and folder under `root` (`.orchestrator` and `governance` left out: snapshots never hold
    /// them), with its mode and bytes or target.
    static func describe(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        for case let relative as String in manager.enumerator(atPath: root)!
        where !relative.hasPrefix(".orchestrator") && !relative.hasPrefix("governance") {
            let path = root + "/" + relative
            let attributes = try manager.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? Int).map { String($0, radix: 8) } ?? "?"
            switch attributes[.type] as? FileAttributeType {
            case .typeSymbolicLink?: result[relative] = "link " + (try manager.destinationOfSymbolicLink(atPath: path))
            case .typeDirectory?: result[relative] = "dir"
            default: result[relative] = "file \(mode) " + (try String(contentsOfFile: path, encoding: .utf8))
            }
        }
        return result
    }

    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkout-\(UUID().uuidString)").path
    }

    @Test("the latest checkpoint is written byte for byte, modes and symlinks too, and the workspace is untouched")
    func latest() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        try fixture.write("#!/bin/sh\necho hi\n", to: "bin/run.sh")
        chmod(fixture.root + "/bin/run.sh", 0o755)
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/latest", withDestinationPath: "bin/run.sh")
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        #expect(report.status == .completed)
        let before = try Self.describe(fixture.root)
        let target = Self.folder() + "/nested/out"
        defer { try? FileManager.default.removeItem(atPath: target) }
        let written = try await fixture.engine.checkout(workflowID: report.id, checkpoint: nil, into: target)
        #expect(written.checkpoint == "CP6" && written.attempt == 1 && written.directory == target)
        #expect(try Self.describe(target) == before)
        #expect(before["bin/run.sh"]?.hasPrefix("file 755") == true && before["latest"] == "link bin/run.sh")
        #expect(written.files == before.values.filter { $0.hasPrefix("file") || $0.hasPrefix("link") }.count)
        #expect(try Self.describe(fixture.root) == before)
    }

    @Test("an earlier checkpoint is written as it was, without what later phases added")
    func earlier() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let target = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: target) }
        let written = try await fixture.engine.checkout(workflowID: report.id, checkpoint: 1, into: target)
        #expect(written.checkpoint == "CP1")
        let files = try Self.describe(target)
        let plan = try await fixture.engine.checkpointFile("docs/plan.md", checkpoint: 1, workflowID: nil)
        #expect(files["docs/plan.md"] == "file 644 " + String(decoding: plan.bytes, as: UTF8.self))
        // The checkpoints after CP1 added files; none of them is in CP1's tree.
        #expect(try Self.describe(fixture.root).count > files.count)
    }

    @Test("a folder that holds anything, or lies in .orchestrator, is refused before anything is written")
    func refusals() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        let occupied = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: occupied) }
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
        try "mine\n".write(toFile: occupied + "/keep.txt", atomically: true, encoding: .utf8)
        await #expect(throws: EngineError.self) {
            _ = try await fixture.engine.checkout(workflowID: report.id, checkpoint: nil, into: occupied)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied) == ["keep.txt"])
        let inside = fixture.root + "/.orchestrator/checkout/here"
        do throws(EngineError) {
            _ = try await fixture.engine.checkout(workflowID: report.id, checkpoint: nil, into: inside)
            Issue.record("a checkout into .orchestrator was not refused")
        } catch {
            #expect(error.code == .invalidState && error.message.contains(".orchestrator"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.orchestrator/checkout"))
        do throws(EngineError) {
            _ = try await fixture.engine.checkout(workflowID: "no-such", checkpoint: nil, into: Self.folder())
            Issue.record("an unknown workflow was not refused")
        } catch {
            #expect(error.code == .workflowNotFound)
        }
    }

    @Test("a checkpoint the workflow never made is not found; of a pruned one, the attempt that kept its snapshot")
    func notFoundAndPruned() async throws {
        let fixture = try await EngineFixture.make()
        defer { fixture.remove() }
        let report = try await fixture.engine.start(intakePath: "intake.yaml")
        do throws(EngineError) {
            // The default intake has no data phase, so no CP3.
            _ = try await fixture.engine.checkout(workflowID: report.id, checkpoint: 3, into: Self.folder())
            Issue.record("CP3 of a workflow without a data phase was checked out")
        } catch {
            #expect(error.code == .checkpointNotFound)
        }
        _ = try await fixture.engine.rollback(to: 1, workflowID: nil, dryRun: false, force: true)
        _ = try await fixture.engine.run(workflowID: nil, mode: .resume)
        _ = try await fixture.engine.prune(keepLast: 1)
        let target = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: target) }
        // CP2's first attempt was pruned, its second kept: the latest attempt is what checkout writes.
        let written = try await fixture.engine.checkout(workflowID: report.id, checkpoint: 2, into: target)
        #expect(written.attempt == 2)
    }
}
