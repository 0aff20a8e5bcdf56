import JSON
import Model

/// Draws bar, line and scatter charts from CSV or JSON data as standalone SVG files in the working copy.
public struct VisualizationTool: Tool {
    /// The tool's id.
    public static let id = "visualization"

    public let descriptor: ToolDescriptor
    let configuration: ToolConfiguration

    /// The tool under these limits and settings.
    public init(configuration: ToolConfiguration = .init()) {
        self.configuration = configuration
        self.descriptor = Self.makeDescriptor()
    }

    /// Runs `chart`: reads the data, draws it and writes the SVG.
    public func perform(
        _ action: String, arguments: JSONValue, context: ToolContext
    ) async throws(ToolError) -> ToolOutput {
        guard action == "chart" else { throw .unknownAction(tool: Self.id, action: action) }
        let arguments = ToolArguments(arguments, tool: Self.id, action: action)
        guard let kind = SVGChart.Kind(rawValue: try arguments.string("kind")) else {
            throw arguments.invalid("/kind: must be one of bar, line, scatter")
        }
        let output = try WorkingCopyPath.resolve(try arguments.string("output"), in: context.workingCopy, for: .write)
        guard output.relative.lowercased().hasSuffix(".svg") else {
            throw arguments.invalid("/output: must name an .svg file")
        }
        let records = try records(arguments, context)
        let x = try arguments.string("x")
        let y = try arguments.string("y")
        var chart = SVGChart(
            kind: kind, data: try ChartData(records: records, x: x, y: y), title: try arguments.optionalString("title"),
            xLabel: try arguments.optionalString("x_label") ?? x, yLabel: try arguments.optionalString("y_label") ?? y)
        chart.width = Double(try arguments.integer("width") ?? 640)
        chart.height = Double(try arguments.integer("height") ?? 400)
        let svg = Array(try chart.render().utf8)
        try FileIO.createParents(of: output)
        try FileIO.writeAtomically(svg, to: output)
        return ToolOutput(
            result: [
                "path": .string(output.display), "kind": .string(kind.rawValue),
                "points": .integer(Int64(chart.data.points.count)), "skipped": .integer(Int64(chart.data.skipped)),
                "bytes": .integer(Int64(svg.count)),
            ],
            changedPaths: [output.relative])
    }

    private func records(_ arguments: ToolArguments, _ context: ToolContext) throws(ToolError) -> [[String: JSONValue]]
    {
        let format = try arguments.optionalString("format")
        switch (arguments["data"], try arguments.optionalString("data_path")) {
        case (let inline?, nil):
            if let text = inline.stringValue {
                let json = format.map { $0 == "json" } ?? text.trimmedWhitespace.hasPrefix("[")
                return try ChartData.records(fromText: text, json: json)
            }
            return try ChartData.records(fromJSON: inline)
        case (nil, let pathText?):
            let path = try WorkingCopyPath.resolve(pathText, in: context.workingCopy, for: .read)
            let text = try FileSystemTool(configuration: configuration).wholeText(path)
            let json = format.map { $0 == "json" } ?? path.relative.lowercased().hasSuffix(".json")
            return try ChartData.records(fromText: text, json: json)
        default:
            throw arguments.invalid("/: give exactly one of 'data' and 'data_path'")
        }
    }

    private static func makeDescriptor() -> ToolDescriptor {
        typealias S = SchemaLiteral
        return ToolDescriptor(
            id: id,
            description: "Draw bar, line and scatter charts from CSV or JSON data as SVG files in your working copy.",
            actions: [
                ToolActionDescriptor(
                    name: "chart",
                    description:
                        "Draw one chart of field y against field x and write it as an SVG file. Data comes inline "
                        + "('data': CSV text, JSON text or an array of objects) or from a file ('data_path').",
                    parameters: S.object(
                        [
                            "kind": S.enumeration(SVGChart.Kind.allCases.map(\.rawValue), "The kind of chart."),
                            "x": S.string("The field for the x axis (categories for bars).", minLength: 1),
                            "y": S.string("The numeric field for the y axis.", minLength: 1),
                            "output": S.string("Where to write the SVG, e.g. 'charts/sales.svg'.", pattern: "\\.svg$"),
                            "data": [
                                "type": ["string", "array"],
                                "description": "CSV text with a header row, JSON text, or an array of objects.",
                            ],
                            "data_path": S.string("A .csv or .json file in the working copy.", minLength: 1),
                            "format": S.enumeration(["csv", "json"], "The data's format (default: guessed)."),
                            "title": S.string("A title above the chart."),
                            "x_label": S.string("The x axis label (default: the x field)."),
                            "y_label": S.string("The y axis label (default: the y field)."),
                            "width": S.integer("Width in pixels (default 640).", minimum: 200, maximum: 4000),
                            "height": S.integer("Height in pixels (default 400).", minimum: 150, maximum: 4000),
                        ], required: ["kind", "x", "y", "output"]),
                    result: S.object(
                        [
                            "path": S.string("The SVG written."), "kind": S.string("The kind of chart."),
                            "points": S.integer("Points drawn."), "skipped": S.integer("Rows without a y value."),
                            "bytes": S.integer("Size of the SVG."),
                        ], required: ["path", "points"], closed: false),
                    timeoutSeconds: 30)
            ],
            safety: [
                "Reads and writes only inside the working copy (same path rules as file_system, "
                    + "hard-linked files refused).",
                "At most \(ChartData.maxPoints) points; the SVG is plain markup with escaped text (no scripts).",
            ],
            reportsEveryChange: true)
    }
}
