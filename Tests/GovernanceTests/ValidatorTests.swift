import Config
import Foundation
import Governance
import Model
import Testing

private func gate(_ validator: String, _ settings: [String: Any]) throws -> GateConfig {
    var object: [String: Any] = ["id": "g1", "type": "validator", "phases": ["qa"], "validator": validator]
    object.merge(settings) { $1 }
    return try JSONDecoder().decode(GateConfig.self, from: JSONSerialization.data(withJSONObject: object))
}

private func run(_ gate: GateConfig, _ files: [String: String]) throws -> ValidatorOutcome {
    try Validators.run(
        gate, files: files.sorted { $0.key < $1.key }.map { ValidatorFile(path: $0.key, text: $0.value) })
}

@Suite("Validators")
struct ValidatorTests {
    let licenseGate: GateConfig

    init() throws {
        licenseGate = try gate("license_header", ["pattern": #"^# Copyright \(c\) \d{4} Acme Corp"#, "lines": 5])
    }

    @Test("license_header passes when the header is within the first N lines")
    func licenseHeaderHit() throws {
        let outcome = try run(
            licenseGate, ["src/a.py": "#!/usr/bin/env python\n# Copyright (c) 2024 Acme Corp\nx = 1\n"])
        #expect(outcome.findings.isEmpty)
    }

    @Test("license_header reports a file whose header is missing or too late, on its first line")
    func licenseHeaderMiss() throws {
        let late = String(repeating: "\n", count: 5) + "# Copyright (c) 2024 Acme Corp\n"
        let outcome = try run(licenseGate, ["src/a.py": "import os\n", "src/b.py": late])
        #expect(outcome.findings.map(\.file) == ["src/a.py", "src/b.py"])
        let finding = try #require(outcome.findings.first)
        #expect(finding.gateID == "g1")
        #expect(finding.severity == .blocking)
        #expect(finding.range?.start == SourcePosition(line: 0, column: 0, offset: 0))
        #expect(finding.range?.end == SourcePosition(line: 0, column: 9, offset: 9))
    }

    @Test("a pattern that does not compile fails the gate with a typed error")
    func badRegex() throws {
        let bad = try gate("forbidden_pattern", ["pattern": "([a-z"])
        #expect {
            try Validators.run(bad, files: [ValidatorFile(path: "a.txt", text: "abc")])
        } throws: { error in
            (error as? ValidatorError)?.code == .invalidPattern && (error as? ValidatorError)?.gateID == "g1"
        }
    }

    @Test("forbidden_pattern reports every match with its line and column")
    func forbiddenPatternHit() throws {
        let secret = try gate("forbidden_pattern", ["pattern": "AKIA[0-9A-Z]{16}", "severity": "warning"])
        let text = "x = 1\nkey = 'AKIAABCDEFGHIJKLMNOP' # AKIAABCDEFGHIJKLMNOP\n"
        let outcome = try run(secret, ["conf.py": text])
        #expect(outcome.findings.count == 2)
        let first = try #require(outcome.findings.first?.range)
        #expect(first.start.line == 1)
        #expect(first.start.utf8Column == 7)
        #expect(first.end.utf8Column == 27)
        #expect(outcome.findings[1].range?.start.utf8Column == 31)
        #expect(outcome.findings[0].severity == .warning)
    }

    @Test("forbidden_pattern columns count each unit after non-ASCII text")
    func forbiddenPatternColumns() throws {
        let secret = try gate("forbidden_pattern", ["pattern": "secret"])
        let outcome = try run(secret, ["a.txt": "é😀 secret"])
        let start = try #require(outcome.findings.first?.range?.start)
        #expect(start.scalarColumn == 3)
        #expect(start.utf16Column == 4)
        #expect(start.utf8Column == 7)
    }

    @Test("forbidden_pattern finds nothing in clean text")
    func forbiddenPatternMiss() throws {
        let secret = try gate("forbidden_pattern", ["pattern": "AKIA[0-9A-Z]{16}"])
        #expect(try run(secret, ["a.py": "print('hello')\n"]).findings.isEmpty)
    }

    @Test("required_sections names the missing headings on line 1, ignoring case and code blocks")
    func requiredSectionsMiss() throws {
        let docs = try gate("required_sections", ["sections": ["Authentication", "Endpoints", "Errors"]])
        let text = "# API\n\n## authentication ##\n```\n## Endpoints\n```\n#Errors\n"
        let outcome = try run(docs, ["docs/api/a.md": text])
        let finding = try #require(outcome.findings.first)
        #expect(outcome.findings.count == 1)
        #expect(finding.range?.start.line == 0)
        #expect(finding.message == "missing required section(s): 'Endpoints', 'Errors'")
    }

    @Test("required_sections passes a document that has every heading")
    func requiredSectionsHit() throws {
        let docs = try gate("required_sections", ["sections": ["Authentication", "Endpoints"]])
        let text = "# Authentication\n   ###   ENDPOINTS   \n"
        #expect(try run(docs, ["a.md": text]).findings.isEmpty)
    }

    @Test("brand_terms reports whole-word wrong spellings at each occurrence")
    func brandTermsHit() throws {
        let brand = try gate("brand_terms", ["terms": ["Github": "GitHub", "e-mail": "email"]])
        let outcome = try run(brand, ["a.md": "Use Github.\nGithubber and Github, e-mail\n"])
        let starts = outcome.findings.compactMap { $0.range.map { [$0.start.line, $0.start.utf8Column] } }
        #expect(starts == [[0, 4], [1, 14], [1, 22]])
        #expect(outcome.findings[0].message == "write 'GitHub', not 'Github'")
        #expect(outcome.findings[0].range?.end.utf8Column == 10)
    }

    @Test("brand_terms finds nothing when only preferred spellings are used")
    func brandTermsMiss() throws {
        let brand = try gate("brand_terms", ["terms": ["Github": "GitHub"]])
        #expect(try run(brand, ["a.md": "GitHub and MyGithub\n"]).findings.isEmpty)
    }

    @Test("binary files and files over 4 MiB are skipped with a note")
    func skipsLargeAndBinaryFiles() throws {
        let secret = try gate("forbidden_pattern", ["pattern": "a"])
        let huge = ValidatorFile(path: "big.txt", bytes: [UInt8](repeating: UInt8(ascii: "a"), count: 5 * 1024 * 1024))
        let binary = ValidatorFile(path: "x.bin", bytes: [0x61, 0x00, 0x61])
        let invalid = ValidatorFile(path: "y.bin", bytes: [0x61, 0xFF])
        let outcome = try Validators.run(secret, files: [huge, binary, invalid])
        #expect(outcome.findings.isEmpty)
        #expect(
            outcome.skipped == [
                ValidatorSkippedFile(path: "big.txt", reason: .tooLarge),
                ValidatorSkippedFile(path: "x.bin", reason: .binary),
                ValidatorSkippedFile(path: "y.bin", reason: .binary),
            ])
    }

    @Test("a validator without its setting fails with a typed error")
    func missingSetting() throws {
        let docs = try gate("required_sections", [:])
        #expect {
            try Validators.run(docs, files: [])
        } throws: { error in
            (error as? ValidatorError)?.code == .missingSetting
        }
    }
}
