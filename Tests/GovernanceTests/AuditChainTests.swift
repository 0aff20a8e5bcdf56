import Governance
import JSON
import Model
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    private func chain() -> AuditChain {
        var chain = AuditChain()
        chain.append(
            time: "2025-06-01T10:00:00Z", actor: "cli", workflow: "wf-1", phase: nil, action: "policy.load",
            inputs: ["policies": ["universal", "acme-corp"]], outcome: "loaded")
        chain.append(
            time: "2025-06-01T10:05:00Z", actor: "engine", workflow: "wf-1", phase: .qa, action: "gate.evaluate",
            inputs: ["gate": "coverage.min", "measured": 72.5], outcome: "failed")
        chain.append(
            time: "2025-06-01T10:06:00Z", actor: "engine", workflow: "wf-1", phase: .qa, action: "waiver.use",
            inputs: ["gate": "coverage.min", "approver": "jane"], outcome: "passed_by_waiver")
        chain.append(
            time: "2025-06-01T10:07:00Z", actor: "engine", workflow: "wf-1", phase: .qa, action: "checkpoint",
            inputs: ["checkpoint": 5], outcome: "accepted")
        return chain
    }

    @Test("an untouched trail verifies and links each entry to the one before")
    func intact() {
        let entries = chain().entries
        #expect(entries.map(\.sequence) == [1, 2, 3, 4])
        #expect(entries[0].previousHash == AuditEntry.genesisHash)
        for index in 1..<entries.count {
            #expect(entries[index].previousHash == entries[index - 1].hash)
        }
        #expect(AuditChain.verify(entries) == .intact(count: 4, lastHash: entries[3].hash))
        #expect(AuditChain.verify([]).isIntact)
    }

    @Test("the canonical encoding is sorted-key compact JSON and the hash is its SHA-256")
    func canonicalEncoding() {
        let entry = AuditChain.seal(
            after: nil, time: "2025-06-01T10:00:00Z", actor: "cli", workflow: "wf-1", phase: .qa, action: "x",
            inputs: ["b": 1, "a": "é\n"], outcome: "ok")
        let expected =
            #"{"action":"x","actor":"cli","inputs":{"a":"é\n","b":1},"outcome":"ok","phase":"qa","#
            + #""previous_hash":"\#(AuditEntry.genesisHash)","sequence":1,"time":"2025-06-01T10:00:00Z","#
            + #""workflow":"wf-1"}"#
        #expect(String(decoding: entry.canonicalBytes, as: UTF8.self) == expected)
        // Computed independently: printf '%s' "$expected" | sha256sum
        #expect(entry.hash == "96f95a00acc2565ceb55953c67e2732e5928f81cba287e9630f56f699fa98192")
    }

    @Test("one edited byte names that entry")
    func editedByte() throws {
        var entries = chain().entries
        entries[2].outcome = "passed_by_waiveR"
        let broken = try #require(AuditChain.verify(entries).firstBreak)
        #expect(broken.index == 2)
        #expect(broken.sequence == 3)
        #expect(broken.problem == .contentChanged)
    }

    @Test("an edited entry that was re-sealed breaks the link of the next one")
    func resealed() throws {
        var entries = chain().entries
        entries[1].inputs = ["gate": "coverage.min", "measured": 85]
        entries[1].hash = entries[1].computedHash
        let broken = try #require(AuditChain.verify(entries).firstBreak)
        #expect(broken.index == 2)
        #expect(broken.problem == .linkBroken)
    }

    @Test("a deleted entry names the entry after the gap")
    func deletedEntry() throws {
        var entries = chain().entries
        entries.remove(at: 1)
        let broken = try #require(AuditChain.verify(entries).firstBreak)
        #expect(broken.index == 1)
        #expect(broken.sequence == 3)
        #expect(broken.expectedSequence == 2)
        #expect(broken.problem == .entryMissing)
    }

    @Test("swapped entries name the first one out of place")
    func swapped() throws {
        var entries = chain().entries
        entries.swapAt(1, 2)
        let broken = try #require(AuditChain.verify(entries).firstBreak)
        #expect(broken.index == 1)
        #expect(broken.sequence == 3)
        #expect(broken.problem == .entryMissing)
        var tail = chain().entries
        tail.swapAt(2, 3)
        #expect(AuditChain.verify(tail).firstBreak?.index == 2)
    }

    @Test("a deleted first entry is detected")
    func deletedHead() {
        var entries = chain().entries
        entries.removeFirst()
        #expect(AuditChain.verify(entries).firstBreak?.index == 0)
    }
}
