import Foundation
import JSONRPC
import Testing

@testable import Server

/// The MCP face driven over an in-memory connection, as a hostile or careless client would drive it: every bad
/// message gets a JSON-RPC error or an `isError` result, and the session (and the others) go on.
@Suite("MCP session")
struct MCPSessionTests {
    private static let intake = "project:\n  name: x\nrequirements: [a]\nphases: [planning]\n"

    @Test("before initialize only ping answers; initialize negotiates the revision once")
    func lifecycle() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let peer = MCPPeer(MCPPeer.server(workspace: folder.path).mcpHandlerFactory)
        let early = try #require(await peer.call("tools/list"))
        #expect(early["error"]?["code"] == .integer(-32600))
        #expect(early["error"]?["message"]?.stringValue?.contains("send initialize first") == true)
        #expect(await peer.call("ping")?["result"] == .object([:]))
        let refused = try #require(await peer.call("initialize", ["capabilities": [:]]))
        #expect(refused["error"]?["code"] == .integer(-32602), "a failed initialize leaves the session closed")
        let initialized = try #require(await peer.initialize(version: "2025-06-18"))
        #expect(initialized["result"]?["protocolVersion"] == "2025-06-18")
        #expect(initialized["result"]?["capabilities"]?["resources"]?["subscribe"] == true)
        #expect(initialized["result"]?["serverInfo"]?["name"] == "orchestrator")
        #expect(await peer.call("initialize", ["protocolVersion": "2025-06-18"])?["error"]?["code"] == .integer(-32600))
        let tools = try #require(await peer.call("tools/list")?["result"]?["tools"]?.arrayValue)
        #expect(tools.count == (try MCPDefinitions.tools()).count)
        await peer.finish()
    }

    @Test("an unknown revision is answered with the latest")
    func unknownRevision() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let peer = MCPPeer(MCPPeer.server(workspace: folder.path).mcpHandlerFactory)
        #expect(await peer.initialize(version: "2099-01-01")?["result"]?["protocolVersion"] == "2025-11-25")
        await peer.finish()
    }

    @Test("unknown tool, mismatched arguments, paths outside the workspace: errors, and the session goes on")
    func hostileToolCalls() async throws {
        let folder = try ScratchFolder()
        let outside = try ScratchFolder()
        defer {
            folder.remove()
            outside.remove()
        }
        try outside.write(Self.intake, to: "intake.yaml")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/escape", withDestinationPath: outside.path)
        let peer = MCPPeer(MCPPeer.server(workspace: folder.path).mcpHandlerFactory)
        _ = await peer.initialize()
        let unknown = try #require(await peer.call("tools/call", ["name": "drop_tables"]))
        #expect(unknown["error"]?["code"] == .integer(-32602))
        #expect(unknown["error"]?["message"]?.stringValue?.contains("Unknown tool: drop_tables") == true)
        let nameless = try #require(await peer.call("tools/call", ["arguments": [:]]))
        #expect(nameless["error"]?["code"] == .integer(-32602))

        let mismatched = try #require(
            await peer.call("tools/call", ["name": "checkpoint_show", "arguments": ["checkpoint": true]])?["result"])
        #expect(mismatched["isError"] == true)
        #expect(mismatched["content"]?[0]?["text"]?.stringValue?.contains("\"/checkpoint\" must be a string") == true)
        let notAnObject = try #require(
            await peer.call("tools/call", ["name": "workflow_status", "arguments": [1, 2]])?["result"])
        #expect(notAnObject["isError"] == true)

        for path in ["../intake.yaml", outside.path + "/intake.yaml", "escape/intake.yaml", "escape/../../x.yaml"] {
            let refused = try #require(
                await peer.call("tools/call", ["name": "workflow_start", "arguments": ["intake": .string(path)]])?[
                    "result"])
            #expect(refused["isError"] == true, "\(path)")
            #expect(refused["content"]?[0]?["text"]?.stringValue?.contains("outside the workspace") == true, "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/.orchestrator/state.db"), "nothing started")
        let both = try #require(
            await peer.call(
                "tools/call", ["name": "workflow_start", "arguments": ["intake": "a.yaml", "intakeYaml": "x"]])?[
                    "result"])
        #expect(both["isError"] == true)

        // The session still works: a valid call after all of that.
        try folder.write(Self.intake, to: "intake.yaml")
        let valid = try #require(
            await peer.call("tools/call", ["name": "config_validate", "arguments": ["path": "intake.yaml"]])?["result"])
        #expect(valid["isError"] == false)
        #expect(valid["structuredContent"]?["kind"] == "intake")
        await peer.finish()
    }

    @Test("under 2025-06-18, arguments that do not fit are a JSON-RPC -32602 naming the member")
    func olderRevisionArgumentErrors() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let peer = MCPPeer(MCPPeer.server(workspace: folder.path).mcpHandlerFactory)
        _ = await peer.initialize(version: "2025-06-18")
        let reply = try #require(
            await peer.call("tools/call", ["name": "skills_match", "arguments": ["text": "", "extra": 1]]))
        #expect(reply["error"]?["code"] == .integer(-32602))
        #expect(reply["error"]?["message"]?.stringValue?.contains("no member \"extra\"") == true)
        await peer.finish()
    }

    @Test("malformed JSON is -32700 and the next request is answered; an engine refusal is an isError result")
    func malformedJSON() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let peer = MCPPeer(MCPPeer.server(workspace: folder.path).mcpHandlerFactory)
        _ = await peer.initialize()
        peer.send("{\"jsonrpc\": \"2.0\", \"id\": ")
        let parse = try #require(await peer.next())
        #expect(parse["error"]?["code"] == .integer(-32700))
        let status = try #require(
            await peer.call("tools/call", ["name": "workflow_status", "arguments": [:]])?["result"])
        #expect(status["isError"] == true, "no workflow in an empty folder")
        #expect(status["content"]?[1]?["text"]?.stringValue?.contains("-32021") == true)
        let resource = try #require(await peer.call("resources/read", ["uri": "orchestrator://workflow/none"]))
        #expect(resource["error"]?["code"] == .integer(-32002))
        let notOurs = try #require(await peer.call("resources/read", ["uri": "file:///etc/passwd"]))
        #expect(notOurs["error"]?["code"] == .integer(-32002))
        #expect(await peer.call("logging/setLevel", ["level": "loud"])?["error"]?["code"] == .integer(-32602))
        #expect(await peer.call("logging/setLevel", ["level": "debug"])?["result"] == .object([:]))
        await peer.finish()
    }

    @Test("on the socket the first message picks the face, and a hostile MCP peer disturbs no other connection")
    func facesPerConnection() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let server = MCPPeer.server(workspace: folder.path)
        let script = MCPPeer(server.handlerFactory)
        let mcp = MCPPeer(server.handlerFactory)
        let editor = MCPPeer(server.handlerFactory)
        _ = await mcp.initialize()
        let mcpTools = try #require(await mcp.call("tools/list")?["result"]?["tools"]?[0]?["name"])
        #expect(mcpTools == "workflow_start", "MCP's tools/list")
        mcp.send("][")
        #expect(await mcp.next()?["error"]?["code"] == .integer(-32700))
        #expect(await mcp.call("tools/call", ["name": "nope"])?["error"]?["code"] == .integer(-32602))

        let catalog = try #require(await script.call("tools/list")?["result"]?["tools"]?.arrayValue)
        #expect(catalog.contains { $0["id"] == "file_system" }, "a script's tools/list is the agents' catalog")
        #expect(await script.call("server/info")?["result"]?["name"] == "orchestrator")
        let lsp = try #require(
            await editor.call("initialize", ["processId": .null, "capabilities": [:], "clientInfo": ["name": "nvim"]]))
        #expect(lsp["result"]?["capabilities"]?["textDocumentSync"] != nil, "an LSP initialize stays LSP")
        for peer in [script, mcp, editor] { await peer.finish() }
    }
}
