import JSON
import Model

/// The points of one chart, read from CSV or JSON records by the x and y field names.
struct ChartData: Sendable {
    /// An x value: a number places the point on a numeric axis, text on a category axis.
    enum XValue: Sendable, Hashable {
        case number(Double)
        case text(String)

        var label: String {
            switch self {
            case .number(let value): ChartNumber.format(value, decimals: 6)
            case .text(let text): text
            }
        }
    }

    struct Point: Sendable, Hashable {
        var x: XValue
        var y: Double
    }

    static let maxPoints = 10_000

    var points: [Point]
    /// Rows left out because their y value was empty or null.
    var skipped: Int

    /// Reads records; every record must have a numeric y (or none, which skips it).
    init(records: [[String: JSONValue]], x: String, y: String) throws(ToolError) {
        guard !records.isEmpty else { throw .failed("the data has no rows") }
        guard records.contains(where: { $0[x] != nil }) else {
            throw .failed("no row has the x field '\(x)'; fields: \(Self.fields(records))")
        }
        guard records.contains(where: { $0[y] != nil }) else {
            throw .failed("no row has the y field '\(y)'; fields: \(Self.fields(records))")
        }
        guard records.count <= Self.maxPoints else {
            throw .failed("the data has \(records.count) rows; charts take at most \(Self.maxPoints) (aggregate first)")
        }
        var points: [Point] = []
        var skipped = 0
        for (index, record) in records.enumerated() {
            guard let rawY = record[y], let text = Self.text(rawY), !text.isEmpty else {
                skipped += 1
                continue
            }
            guard let number = rawY.doubleValue ?? Double(text), number.isFinite else {
                throw .failed("row \(index + 1): y field '\(y)' is '\(text)', not a number")
            }
            let rawX = record[x].flatMap(Self.text) ?? ""
            let xValue: XValue =
                record[x]?.doubleValue.map(XValue.number) ?? Double(rawX).map(XValue.number) ?? .text(rawX)
            points.append(Point(x: xValue, y: number))
        }
        guard !points.isEmpty else { throw .failed("every row's y field '\(y)' is empty") }
        self.points = points
        self.skipped = skipped
    }

    /// Whether every x is a number.
    var numericX: Bool {
        points.allSatisfy { if case .number = $0.x { true } else { false } }
    }

    /// Parses CSV text or JSON text (an array of objects) into records.
    static func records(fromText text: String, json: Bool) throws(ToolError) -> [[String: JSONValue]] {
        guard json else {
            return try CSVTable(parsing: text).records.map { $0.mapValues { JSONValue.string($0) } }
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw .failed("the data is not valid JSON: \(error)")
        }
        return try records(fromJSON: value)
    }

    /// An array of objects as records.
    static func records(fromJSON value: JSONValue) throws(ToolError) -> [[String: JSONValue]] {
        guard let array = value.arrayValue else { throw .failed("JSON data must be an array of objects") }
        var records: [[String: JSONValue]] = []
        for (index, element) in array.enumerated() {
            guard let object = element.objectValue else {
                throw .failed("JSON data item \(index) is not an object")
            }
            records.append(object)
        }
        return records
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text.trimmedWhitespace
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .array, .object: return value.jsonString()
        }
    }

    private static func fields(_ records: [[String: JSONValue]]) -> String {
        Set(records.prefix(100).flatMap(\.keys)).sorted().joined(separator: ", ")
    }
}
