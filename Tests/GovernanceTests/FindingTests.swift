import Foundation
import Governance
import Model
import Testing

@Suite("Finding")
struct FindingTests {
    @Test("a finding round-trips through JSON with camelCase keys, and one stored in snake_case still reads")
    func codable() throws {
        let finding = Finding(
            gateID: "license-header", file: "src/a.py",
            range: SourceRange(at: SourcePosition(line: 2, column: 4, offset: 20)), message: "m", severity: .warning)
        let data = try JSONEncoder().encode(finding)
        #expect(String(decoding: data, as: UTF8.self).contains("\"gateId\":\"license-header\""))
        #expect(try JSONDecoder().decode(Finding.self, from: data) == finding)
        let stored = #"{"gate_id":"license-header","file":null,"message":"m","severity":"blocking"}"#
        #expect(try JSONDecoder().decode(Finding.self, from: Data(stored.utf8)).gateID == "license-header")
    }
}
