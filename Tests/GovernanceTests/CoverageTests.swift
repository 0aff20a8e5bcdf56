import Foundation
import Governance
import Testing

@Suite("Coverage reports")
struct CoverageTests {
    @Test("LCOV: percentage from DA lines, falling back to LF/LH")
    func lcov() throws {
        let text = """
            TN:
            SF:src/a.py
            FN:1,f
            DA:1,1
            DA:2,0
            DA:3,5
            DA:4,1
            LF:4
            LH:3
            end_of_record
            SF:src/b.py
            LF:4
            LH:1
            end_of_record

            """
        let report = try CoverageReport.parse(text)
        #expect(report.percent == 50)
        #expect(report.files.map(\.path) == ["src/a.py", "src/b.py"])
        #expect(report.files.map(\.percent) == [75, 25])
        #expect(report.files[0].linesFound == 4 && report.files[0].linesHit == 3)
    }

    @Test("Cobertura: percentage counted from <line> elements, each line once")
    func coberturaLines() throws {
        let text = """
            <?xml version="1.0" ?>
            <!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
            <coverage line-rate="0.5" version="1.9">
              <!-- a comment with <line> in it -->
              <packages><package name="p"><classes>
                <class name="a" filename="src/a&amp;b.py" line-rate="0.75">
                  <methods><method name="f"><lines><line number="1" hits="1"/></lines></method></methods>
                  <lines>
                    <line number="1" hits="1"/>
                    <line number="2" hits="0"/>
                    <line number='3' hits="2" branch="false"/>
                    <line number="4" hits="1"/>
                  </lines>
                </class>
                <class name="b" filename="src/b.py">
                  <lines><line number="1" hits="0"/></lines>
                </class>
              </classes></package></packages>
            </coverage>
            """
        let report = try CoverageReport.parse(text)
        #expect(report.percent == 60)
        #expect(report.files.map(\.path) == ["src/a&b.py", "src/b.py"])
        #expect(report.files.map(\.percent) == [75, 0])
    }

    @Test("Cobertura: the root line-rate when no lines are listed")
    func coberturaRate() throws {
        let report = try CoverageReport.parse(#"<coverage line-rate="0.7234" lines-valid="0"></coverage>"#)
        #expect(report.percent == Decimal(string: "72.34"))
        #expect(report.files.isEmpty)
    }

    @Test(
        "malformed reports are typed errors with the line",
        arguments: [
            ("SF:a.py\nDA:1,1\nDA:x,1\n", CoverageError.Code.invalidNumber, 3),
            ("TN:\nDA:1,1\n", .malformedRecord, 2),
            ("SF:a.py\nnonsense\n", .malformedRecord, 2),
            ("SF:a.py\nLF:many\n", .invalidNumber, 2),
            ("TN:\n", .noData, 2),
            (
                "<coverage line-rate=\"0.5\">\n<class filename=\"a\">\n<line number=\"1\" hits=\"x\"/>", .invalidNumber,
                3
            ),
            ("<coverage\n line-rate=\"0.5\"", .malformedXML, 1),
            ("<coverage line-rate=\"abc\">", .invalidNumber, 1),
            ("<?xml version=\"1.0\"?>\n<report/>", .malformedXML, 2),
            ("<coverage>\n<line number=\"1\" hits=\"1\"/>", .malformedXML, 2),
            ("<coverage>\n<!-- never closed", .malformedXML, 2),
            ("<coverage></coverage>", .noData, 1),
        ] as [(String, CoverageError.Code, Int)]
    )
    func malformed(text: String, code: CoverageError.Code, line: Int) {
        #expect {
            try CoverageReport.parse(text)
        } throws: { error in
            guard let error = error as? CoverageError else { return false }
            return error.code == code && error.line == line
        }
    }

    @Test("the format is detected from the first character")
    func detect() {
        #expect(CoverageReport.Format.detect("  \n<coverage/>") == .cobertura)
        #expect(CoverageReport.Format.detect("TN:\n") == .lcov)
    }
}
