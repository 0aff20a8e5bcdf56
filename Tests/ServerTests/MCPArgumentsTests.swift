import Foundation
import JSONRPC
import Testing

@testable import Server

/// The checks a tool call's arguments go through before any handler runs.
@Suite("MCP arguments, paths and URIs")
struct MCPArgumentsTests {
    private let schema: JSONValue = [
        "type": "object", "additionalProperties": false, "required": ["checkpoint"],
        "properties": [
            "checkpoint": ["type": "string", "pattern": "^(CP|cp)?[1-6]$"],
            "confirm": ["type": "boolean"],
            "phase": ["type": "string", "enum": ["planning", "qa"]],
            "text": ["type": "string", "minLength": 1],
            "provider": [
                "type": "object", "additionalProperties": false, "required": ["name"],
                "properties": ["name": ["type": "string"]],
            ],
        ],
    ]

    @Test("each kind of mismatch is named by its JSON Pointer; a fitting value passes")
    func mismatches() {
        let cases: [(JSONValue, String)] = [
            ([1], "the arguments must be an object"),
            ([:], "argument \"/checkpoint\" is missing"),
            (["checkpoint": 2], "argument \"/checkpoint\" must be a string, found a number (2)"),
            (["checkpoint": "CP9"], "must match"),
            (["checkpoint": "CP2", "confirm": "yes"], "argument \"/confirm\" must be a boolean"),
            (["checkpoint": "CP2", "phase": "deploy"], "argument \"/phase\" must be one of"),
            (["checkpoint": "CP2", "text": ""], "argument \"/text\" must not be empty"),
            (["checkpoint": "CP2", "workspace": "/"], "has no member \"workspace\""),
            (["checkpoint": "CP2", "provider": [:]], "argument \"/provider/name\" is missing"),
            (["checkpoint": "CP2", "provider": ["name": "x", "key": "y"]], "no member \"key\""),
        ]
        for (value, expected) in cases {
            let problem = MCPArgumentCheck.problem(value, against: self.schema)
            #expect(problem?.contains(expected) == true, "\(value): \(problem ?? "nil")")
        }
        #expect(MCPArgumentCheck.problem(["checkpoint": "cp2", "confirm": true], against: self.schema) == nil)
    }

    @Test("paths resolve inside the workspace, or are refused: .., absolute, through a symbolic link")
    func containment() throws {
        let folder = try ScratchFolder()
        let outside = try ScratchFolder()
        defer {
            folder.remove()
            outside.remove()
        }
        try folder.write("x", to: "docs/a.md")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/out", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/in", withDestinationPath: folder.path + "/docs")
        let workspace = MCPWorkspace(folder.path + "/")
        #expect(try workspace.contain("docs/a.md", argument: "path") == folder.path + "/docs/a.md")
        #expect(try workspace.contain("in/a.md", argument: "path") == folder.path + "/docs/a.md")
        #expect(
            try workspace.contain(folder.path + "/new/file.yaml", argument: "path") == folder.path + "/new/file.yaml")
        for path in ["../x", "out/x", "out", outside.path, "/etc/passwd", "new/../../x", "docs/../../x"] {
            #expect(throws: MCPToolFailure.self, "\(path)") { try workspace.contain(path, argument: "path") }
        }
    }

    @Test("resource URIs: the documented shapes parse, percent escapes decode, anything else is nil")
    func uris() {
        let base = "orchestrator://workflow/acme-1"
        #expect(MCPResourceURI(base) == .workflow("acme-1"))
        #expect(MCPResourceURI(base + "/audit") == .audit("acme-1"))
        #expect(MCPResourceURI(base + "/gates") == .gates("acme-1"))
        #expect(MCPResourceURI(base + "/budget") == .budget("acme-1"))
        #expect(MCPResourceURI(base + "/checkpoints/CP2/manifest") == .manifest(workflow: "acme-1", checkpoint: "CP2"))
        #expect(
            MCPResourceURI(base + "/checkpoints/CP1/artifacts/docs/my%20plan.md")
                == .artifact(workflow: "acme-1", checkpoint: "CP1", path: "docs/my plan.md"))
        for bad in [
            "orchestrator://workflow/", base + "/", base + "/secrets", base + "/checkpoints/CP1",
            base + "/checkpoints/CP1/artifacts/", base + "/checkpoints/CP1/artifacts/a//b", "file:///etc/passwd",
            base + "/checkpoints/CP1/artifacts/%zz",
        ] {
            #expect(MCPResourceURI(bad) == nil, "\(bad)")
        }
    }

    @Test("revisions: the client's when supported, else the latest")
    func negotiation() {
        #expect(MCPProtocolVersion.negotiate("2025-03-26") == "2025-03-26")
        #expect(MCPProtocolVersion.negotiate("2024-01-01") == "2025-11-25")
        #expect(MCPProtocolVersion.reportsArgumentErrorsAsResults("2025-11-25"))
        #expect(!MCPProtocolVersion.reportsArgumentErrorsAsResults("2025-06-18"))
    }
}
