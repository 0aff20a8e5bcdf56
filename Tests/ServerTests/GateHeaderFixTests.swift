import Config
import Foundation
import Model
import Testing

@testable import Server

@Suite("License header quick fix")
struct GateHeaderFixTests {
    static let policy = """
        policy:
          id: acme-corp
          level: client
          client: acme-corp
          gates:
            - id: license-header
              type: validator
              phases: [development]
              validator: license_header
              files: ["src/**/*.py"]
              pattern: '^# Copyright'
              header: "# Copyright (c) 2026 Acme Corp."
            - id: no-header-text
              type: validator
              phases: [development]
              validator: license_header
              files: ["src/**/*.py"]
              pattern: '^# Copyright'

        """

    @Test("the header comes from the policy that defines the gate; a gate without `header` offers no fix")
    func headerFromPolicy() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("header-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("governance"), withIntermediateDirectories: true)
        try Self.policy.write(
            to: root.appendingPathComponent("governance/acme.yaml"), atomically: true, encoding: .utf8)
        #expect(
            GateHeaderFix.header(gateID: "license-header", workspace: root.path) == "# Copyright (c) 2026 Acme Corp.")
        #expect(GateHeaderFix.header(gateID: "no-header-text", workspace: root.path) == nil)
        #expect(GateHeaderFix.header(gateID: "coverage.min", workspace: root.path) == nil)
    }

    @Test("the header goes on line 0, or after a shebang, with a line break when the shebang has none")
    func insertion() throws {
        let diagnostic = LSPDiagnostic(
            Diagnostic(range: .zero, code: "license-header", message: "no license header"), uri: "file:///w/a.py",
            encoding: .utf16)
        let plain = GateHeaderFix.action(
            header: "# H", diagnostic: diagnostic, uri: "file:///w/a.py", text: Array("x = 1\n".utf8))
        let plainEdit = try #require(plain.edit.changes["file:///w/a.py"]?.first)
        #expect(plainEdit.range.start.line == 0 && plainEdit.newText == "# H\n")
        let script = GateHeaderFix.action(
            header: "# H\n", diagnostic: diagnostic, uri: "file:///w/a.py",
            text: Array("#!/usr/bin/env python3\nx\n".utf8))
        let scriptEdit = try #require(script.edit.changes["file:///w/a.py"]?.first)
        #expect(scriptEdit.range.start.line == 1 && scriptEdit.newText == "# H\n")
        let bare = GateHeaderFix.action(
            header: "# H", diagnostic: diagnostic, uri: "file:///w/a.py", text: Array("#!/bin/sh".utf8))
        #expect(bare.edit.changes["file:///w/a.py"]?.first?.newText == "\n# H\n")
    }
}
