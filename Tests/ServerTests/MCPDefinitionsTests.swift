import Foundation
import JSONRPC
import Testing

@testable import Server

/// `protocol/mcp.json` is the one definition of the MCP tools: the binary's copy must be the file's, every tool must
/// face a method the server has, use only the schema keywords the argument check understands, and list an
/// `outputSchema` that stands on its own.
@Suite("MCP definitions")
struct MCPDefinitionsTests {
    private static func repositoryFile(_ relative: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test("the binary's mcp.json is byte-identical to protocol/mcp.json (run `make generate` when this fails)")
    func embeddedCopyMatches() throws {
        #expect(MCPDefinitions.text == (try Self.repositoryFile("protocol/mcp.json")))
    }

    @Test("every tool faces a method of the server's table, with a unique name MCP allows")
    func toolsFaceExistingMethods() throws {
        let tools = try MCPDefinitions.tools()
        #expect(tools.count == 13)
        #expect(Set(tools.map(\.name)).count == tools.count)
        for tool in tools {
            #expect(OrchestratorServer.methodTable.contains(tool.method), "\(tool.name) → \(tool.method)")
            #expect(tool.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "\(tool.name)")
            #expect(!tool.description.isEmpty && tool.annotations["readOnlyHint"]?.boolValue != nil, "\(tool.name)")
        }
        let rollback = try #require(tools.first { $0.name == "checkpoint_rollback" })
        #expect(rollback.annotations["destructiveHint"] == true)
        #expect(rollback.inputSchema["properties"]?["confirm"] != nil, "destructive only with an explicit flag")
    }

    @Test("input schemas use only the keywords the argument check understands, and no tool takes a workspace")
    func inputSchemasInSubset() throws {
        func keywords(_ schema: JSONValue, tool: String) {
            for (key, value) in schema.objectValue ?? [:] {
                #expect(MCPArgumentCheck.keywords.contains(key), "\(tool): \(key)")
                if key == "properties" {
                    for (_, property) in value.objectValue ?? [:] { keywords(property, tool: tool) }
                }
            }
        }
        for tool in try MCPDefinitions.tools() {
            keywords(tool.inputSchema, tool: tool.name)
            #expect(tool.inputSchema["additionalProperties"] == false, "\(tool.name)")
            #expect(tool.inputSchema["properties"]?["workspace"] == nil, "\(tool.name): the workspace is fixed")
        }
    }

    @Test("output schemas are objects whose every $ref resolves inside them")
    func outputSchemasStandAlone() throws {
        func refs(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let members): (members["$ref"]?.stringValue.map { [$0] } ?? []) + members.values.flatMap(refs)
            case .array(let elements): elements.flatMap(refs)
            default: []
            }
        }
        for tool in try MCPDefinitions.tools() {
            #expect(tool.outputSchema["type"] == "object", "\(tool.name)")
            let defs = tool.outputSchema["$defs"]?.objectValue ?? [:]
            for ref in refs(tool.outputSchema) {
                #expect(ref.hasPrefix("#/$defs/") && defs[String(ref.dropFirst(8))] != nil, "\(tool.name): \(ref)")
            }
        }
    }

    @Test("resource templates name their URIs under orchestrator://workflow/{id}")
    func templates() throws {
        let templates = try MCPDefinitions.templates().compactMap { $0.listed["uriTemplate"]?.stringValue }
        #expect(templates.count == 6)
        #expect(templates.allSatisfy { $0.hasPrefix("orchestrator://workflow/{id}") })
    }
}
