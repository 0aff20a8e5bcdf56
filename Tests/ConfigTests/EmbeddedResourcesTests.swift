import Config
import Foundation
import Model
import Testing

@Suite("Embedded copies")
struct EmbeddedResourcesTests {
    @Test(
        "the binary's schemas are byte-identical to protocol/schemas (run `make generate` when this fails)",
        arguments: ConfigKind.allCases)
    func schemaCopyMatches(_ kind: ConfigKind) throws {
        let source = try String(
            contentsOf: repositoryRoot.appendingPathComponent("protocol/schemas/\(kind.schemaFileName)"),
            encoding: .utf8)
        #expect(SchemaCatalog.embeddedText(of: kind) == source)
        #expect(SchemaCatalog.builtIn[kind] != nil)
    }

    @Test("the binary's built-in agents are byte-identical to Sources/Config/Resources/agents")
    func agentCopiesMatch() throws {
        let directory = repositoryRoot.appendingPathComponent("Sources/Config/Resources/agents")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(names) == Set(BuiltinAgents.sources.keys))
        for name in names {
            let source = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            #expect(BuiltinAgents.sources[name] == source, "\(name) differs")
        }
    }

    @Test("schema keywords outside the supported subset are refused")
    func unsupportedKeyword() {
        #expect(throws: SchemaLoadError.self) {
            try JSONSchemaLoader.load(json: #"{"type": "object", "patternProperties": {}}"#)
        }
        #expect(throws: SchemaLoadError.self) {
            try JSONSchemaLoader.load(json: ##"{"$ref": "#/$defs/missing"}"##)
        }
    }
}
