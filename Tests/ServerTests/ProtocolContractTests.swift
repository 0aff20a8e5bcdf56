import Foundation
import JSONRPC
import Testing

@testable import Server

private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private func openRPCFile() throws -> JSONValue {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("protocol/openrpc.json"), encoding: .utf8)
    return try JSONValue(parsing: text, maxDepth: 512)
}

private func methods(of document: JSONValue) -> [JSONValue] {
    guard case .object(let members) = document, case .array(let methods)? = members["methods"] else { return [] }
    return methods
}

private func member(_ key: String, of value: JSONValue) -> JSONValue? {
    guard case .object(let members) = value else { return nil }
    return members[key]
}

@Suite("Protocol contract")
struct ProtocolContractTests {
    @Test("the server's method table and protocol/openrpc.json name the same methods")
    func methodTableMatchesOpenRPC() throws {
        let documented = methods(of: try openRPCFile()).compactMap { method -> String? in
            guard case .string(let name)? = member("name", of: method) else { return nil }
            return name
        }
        #expect(documented.count == Set(documented).count, "a method is documented twice")
        #expect(Set(documented) == Set(OrchestratorServer.methodTable))
    }

    @Test("the binary's openrpc.json is byte-identical to protocol/openrpc.json (run `make generate` when this fails)")
    func embeddedCopyMatches() throws {
        let source = try String(
            contentsOf: repositoryRoot.appendingPathComponent("protocol/openrpc.json"), encoding: .utf8)
        #expect(OpenRPCDocument.text == source)
        #expect(try OpenRPCDocument.value() == (try openRPCFile()))
    }

    @Test("every documented request has a summary and a result; no notification documents a result")
    func everyMethodIsDescribed() throws {
        for method in methods(of: try openRPCFile()) {
            guard case .string(let name)? = member("name", of: method) else {
                Issue.record("a method without a name")
                continue
            }
            let tags =
                member("tags", of: method).flatMap { tags -> [String]? in
                    guard case .array(let items) = tags else { return nil }
                    return items.compactMap { if case .string(let tag)? = member("name", of: $0) { tag } else { nil } }
                } ?? []
            if tags.contains("notification") {
                #expect(member("result", of: method) == nil, "\(name) is a notification but documents a result")
            } else {
                #expect(member("result", of: method) != nil, "\(name) documents no result")
                #expect(member("summary", of: method) != nil, "\(name) has no summary")
            }
        }
    }
}
