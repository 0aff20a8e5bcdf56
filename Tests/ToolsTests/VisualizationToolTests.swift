import Foundation
import JSON
import Testing

@testable import Tools

@Suite("visualization tool")
struct VisualizationToolTests {
    static let csv = "month,sales\nJan,120\nFeb,95.5\nMar,140\nApr,\n"

    @Test("a bar chart from inline CSV is written as the expected SVG, byte for byte")
    func barChartGolden() async throws {
        try await withFixture { fixture in
            let output = try await fixture.call(
                "visualization__chart",
                [
                    "kind": "bar", "data": .string(Self.csv), "x": "month", "y": "sales", "title": "Sales <2026> & co",
                    "output": "charts/sales.svg",
                ])
            #expect(output.changedPaths == ["charts/sales.svg"])
            #expect(output.result["points"] == 3)
            #expect(output.result["skipped"] == 1)
            #expect(fixture.read("charts/sales.svg") == ChartSamples.salesBar)
        }
    }

    @Test("line and scatter charts from a JSON file put numeric x on a numeric axis")
    func lineAndScatter() async throws {
        try await withFixture { fixture in
            try fixture.write(
                "[{\"t\": 3, \"v\": 9}, {\"t\": 1, \"v\": 1}, {\"t\": 2, \"v\": 4.5}, {\"t\": 10, \"v\": -2}]",
                to: "data/points.json")
            for kind in ["line", "scatter"] {
                let output = try await fixture.call(
                    "visualization__chart",
                    [
                        "kind": .string(kind), "data_path": "data/points.json", "x": "t", "y": "v",
                        "output": .string("\(kind).svg"),
                    ])
                #expect(output.result["points"] == 4)
                let svg = fixture.read("\(kind).svg") ?? ""
                #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                #expect(svg.contains(">10</text>"), "an x tick at 10")
                #expect(svg.contains(">-2</text>"), "a y tick at -2")
                #expect(svg.components(separatedBy: "<circle").count - 1 == 4)
                #expect(svg.contains("<polyline") == (kind == "line"))
            }
            let line = fixture.read("line.svg") ?? ""
            let points = line.firstRange(of: "points=\"").map { line[$0.upperBound...].prefix { $0 != "\"" } } ?? ""
            let xs = points.split(separator: " ").compactMap { Double($0.split(separator: ",")[0]) }
            #expect(xs == xs.sorted(), "line points are drawn in x order")
        }
    }

    @Test("inline JSON arrays work and the same data always gives the same bytes")
    func deterministic() async throws {
        try await withFixture { fixture in
            let data: JSONValue = [["k": "a", "n": 1], ["k": "b", "n": 2]]
            for name in ["one.svg", "two.svg"] {
                _ = try await fixture.call(
                    "visualization__chart", ["kind": "bar", "data": data, "x": "k", "y": "n", "output": .string(name)])
            }
            #expect(fixture.read("one.svg") != nil)
            #expect(fixture.read("one.svg") == fixture.read("two.svg"))
        }
    }

    @Test("bad data is refused with a reason and nothing is written")
    func refusals() async throws {
        try await withFixture { fixture in
            let text = await fixture.failure(
                "visualization__chart",
                ["kind": "scatter", "data": .string(Self.csv), "x": "month", "y": "sales", "output": "s.svg"])
            #expect(text == .failed("a scatter chart needs numeric x values; found 'Jan'"))
            let notNumber = await fixture.failure(
                "visualization__chart", ["kind": "bar", "data": "a,b\nx,high\n", "x": "a", "y": "b", "output": "s.svg"])
            #expect(notNumber == .failed("row 1: y field 'b' is 'high', not a number"))
            let missingField = await fixture.failure(
                "visualization__chart", ["kind": "bar", "data": "a,b\nx,1\n", "x": "a", "y": "c", "output": "s.svg"])
            #expect(missingField == .failed("no row has the y field 'c'; fields: a, b"))
            let notSVG = await fixture.failure(
                "visualization__chart", ["kind": "bar", "data": "a,b\nx,1\n", "x": "a", "y": "b", "output": "s.png"])
            #expect(notSVG?.violations.first?.hasPrefix("/output: 's.png' does not match the pattern") == true)
            let escape = await fixture.failure(
                "visualization__chart",
                ["kind": "bar", "data": "a,b\nx,1\n", "x": "a", "y": "b", "output": "../outside/c.svg"])
            #expect(escape?.isEscape("../outside/c.svg") == true)
            #expect(!fixture.exists("s.svg"))
        }
    }

    @Test("CSV quoting, escaped quotes, CRLF and tabs are read")
    func csvParsing() throws {
        let table = try CSVTable(parsing: "name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nLee,\"two\nlines\"\r\n")
        #expect(table.header == ["name", "note"])
        #expect(table.rows == [["Smith, J", "said \"hi\""], ["Lee", "two\nlines"]])
        #expect(try CSVTable(parsing: "a\tb\n1\t2").rows == [["1", "2"]])
        #expect(throws: ToolError.self) { try CSVTable(parsing: "a\n\"open") }
    }

    @Test(
        "numbers are formatted without exponents or locale",
        arguments: [
            (0.1 + 0.2, 2, "0.3"), (-1.005, 2, "-1"), (1234567.0, 0, "1234567"), (-0.001, 2, "0"), (2.5, 6, "2.5"),
        ]
            as [(Double, Int, String)])
    func numberFormat(value: Double, decimals: Int, expected: String) {
        #expect(ChartNumber.format(value, decimals: decimals) == expected)
    }

    @Test("ticks are round numbers covering the range")
    func ticks() {
        let ticks = ChartNumber.ticks(from: 0, to: 140)
        #expect(ticks.values == [0, 20, 40, 60, 80, 100, 120, 140])
        #expect(ChartNumber.label(1_500_000, step: 500_000, largest: 2_000_000) == "1.5M")
        #expect(ChartNumber.ticks(from: 5, to: 5).values.count >= 2, "a flat series still gets an axis")
    }
}
