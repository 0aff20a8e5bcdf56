import Engine
import Foundation
import JSONRPC
import Logging
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

    @Test("no result (nor notification payload) of any method names a snake_case key: results speak camelCase")
    func resultKeysAreCamelCase() throws {
        let document = try openRPCFile()
        let schemas = member("schemas", of: member("components", of: document) ?? .null) ?? .null
        var offending: [String] = []
        for method in methods(of: document) {
            guard case .string(let name)? = member("name", of: method) else { continue }
            var roots: [JSONValue] = []
            if let result = member("result", of: method) { roots.append(result) }
            let tags = "\(member("tags", of: method) ?? .null)"
            if tags.contains("notification"), case .array(let params)? = member("params", of: method) {
                roots.append(contentsOf: params)
            }
            for root in roots {
                SnakeCaseKeys.collect(in: root, schemas: schemas, path: name, into: &offending)
            }
        }
        #expect(offending.isEmpty, "snake_case keys: \(offending.sorted())")
    }

    @Test("server/info reports the protocol version")
    func protocolVersionReported() throws {
        let server = OrchestratorServer(
            version: "test", transport: .stdio, store: { _, _ in throw CancellationError() },
            supervisor: RunSupervisor(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
        let info = server.info.encoded()
        #expect(member("protocolVersion", of: info) == .integer(Int64(OrchestratorServer.protocolVersion)))
        #expect(OrchestratorServer.protocolVersion == 2)
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

/// Finds property names in snake_case in a JSON Schema, following `$ref`s into the components once each.
enum SnakeCaseKeys {
    static func isSnakeCase(_ name: String) -> Bool {
        name.contains("_") && name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }

    static func collect(
        in schema: JSONValue, schemas: JSONValue, path: String, into found: inout [String], seen: Set<String> = []
    ) {
        var seen = seen
        switch schema {
        case .object(let members):
            if case .string(let reference)? = members["$ref"], let name = reference.split(separator: "/").last {
                let key = String(name)
                guard !seen.contains(key), let target = member(key, of: schemas) else { return }
                seen.insert(key)
                collect(in: target, schemas: schemas, path: path + " → " + key, into: &found, seen: seen)
            }
            if case .object(let properties)? = members["properties"] {
                for (name, value) in properties {
                    if isSnakeCase(name) { found.append("\(path).\(name)") }
                    collect(in: value, schemas: schemas, path: path + "." + name, into: &found, seen: seen)
                }
            }
            for (key, value) in members where key != "properties" && key != "$ref" {
                collect(in: value, schemas: schemas, path: path, into: &found, seen: seen)
            }
        case .array(let items):
            for item in items { collect(in: item, schemas: schemas, path: path, into: &found, seen: seen) }
        default:
            break
        }
    }
}
