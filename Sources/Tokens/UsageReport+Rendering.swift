import Model

extension UsageReport {
    /// The report as aligned text: a section by phase, by agent and by model, each ending with the total.
    ///
    /// Costs show four decimals (a call often costs less than a cent); the JSON and CSV forms carry them exactly.
    public func tableText() -> String {
        let sections: [(title: String, label: String, lines: [UsageReportLine])] = [
            ("By phase", "phase", self.byPhase),
            ("By agent", "agent", self.byAgent),
            ("By subagent", "subagent", self.bySubagent),
            ("By model", "model", self.byModel),
        ].filter { !$0.lines.isEmpty || $0.label != "subagent" }
        // These columns appear only when some call is unpriced or came with the provider's own figure, so the usual
        // report stays narrow.
        let columns = OptionalColumns(
            unpriced: self.total.unpricedCalls > 0, reported: self.total.reportedCostUSD != nil)
        var text = sections.map { section in
            var headers = [section.label, "calls", "input", "cache write", "cache read", "output", "total", "cost"]
            if columns.reported { headers.append("reported cost") }
            if columns.unpriced { headers.append("unpriced calls") }
            var table = TextTable(
                headers: headers, alignments: [.left] + Array(repeating: .right, count: headers.count - 1))
            for line in section.lines { table.rows.append([line.label] + Self.numbers(line, columns)) }
            // Subagents' calls are some of the calls: their section totals their own lines.
            let total = section.label == "subagent" ? Self.sum(section.lines) : self.total
            table.rows.append(["total"] + Self.numbers(total, columns))
            return section.title + "\n" + table.rendered()
        }.joined(separator: "\n\n")
        if self.duplicatesIgnored > 0 {
            text += "\n\n\(self.duplicatesIgnored) repeated message id(s) charged once."
        }
        if !self.costDisagreements.isEmpty {
            text += "\n\nThe provider's own cost differs from the price table's by more than 1% "
            text += "(budgets charge the price table's):"
            for item in self.costDisagreements {
                let sign = item.differencePercent > 0 ? "+" : ""
                text += "\n  \(item.phase.rawValue)/\(item.agent) (\(item.provider)): reported "
                text += "\(AmountText.usd(item.reportedCostUSD, minimumPlaces: 4)), price table "
                text += "\(AmountText.usd(item.tableCostUSD, minimumPlaces: 4)), \(sign)\(item.differencePercent)%"
            }
        }
        return text + "\n"
    }

    /// The totals of some lines (a section that holds only some of the calls).
    static func sum(_ lines: [UsageReportLine]) -> UsageReportLine {
        var total = UsageReportLine()
        for line in lines {
            total.calls += line.calls
            total.usage = total.usage + line.usage
            total.costUSD += line.costUSD
            total.unpricedCalls += line.unpricedCalls
            if let reported = line.reportedCostUSD { total.reportedCostUSD = (total.reportedCostUSD ?? 0) + reported }
        }
        return total
    }

    /// Which of the columns that appear only when needed the tables show.
    private struct OptionalColumns {
        var unpriced: Bool
        var reported: Bool
    }

    /// The report as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line break).
    ///
    /// One row per line of every section, `group` saying which (`phase`, `agent`, `subagent` — its id in the
    /// `agent` column —, `model`, `total`); costs are exact, unrounded dollars.
    public func csv() -> String {
        var rows: [[String]] = [
            [
                "group", "phase", "agent", "provider", "model", "calls", "input_tokens", "cache_creation_input_tokens",
                "cache_read_input_tokens", "output_tokens", "total_tokens", "cost_usd", "unpriced_calls",
                "reported_cost_usd",
            ]
        ]
        let groups = [
            ("phase", self.byPhase), ("agent", self.byAgent), ("subagent", self.bySubagent), ("model", self.byModel),
            ("total", [self.total]),
        ]
        for (group, lines) in groups {
            for line in lines {
                rows.append(
                    [
                        group, line.phase?.rawValue ?? "", line.subagent ?? line.agent ?? "", line.provider ?? "",
                        line.model ?? "",
                        String(line.calls), String(line.usage.input), String(line.usage.cacheCreation),
                        String(line.usage.cacheRead), String(line.usage.output), String(line.usage.total),
                        line.costUSD.description, String(line.unpricedCalls),
                        line.reportedCostUSD?.description ?? "",
                    ])
            }
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One CSV field, quoted (inner quotes doubled) only when it must be.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    private static func numbers(_ line: UsageReportLine, _ columns: OptionalColumns) -> [String] {
        var cells = [
            AmountText.tokens(line.calls), AmountText.tokens(line.usage.input),
            AmountText.tokens(line.usage.cacheCreation), AmountText.tokens(line.usage.cacheRead),
            AmountText.tokens(line.usage.output), AmountText.tokens(line.usage.total),
            AmountText.usd(line.costUSD, minimumPlaces: 4),
        ]
        if columns.reported { cells.append(line.reportedCostUSD.map { AmountText.usd($0, minimumPlaces: 4) } ?? "-") }
        if columns.unpriced { cells.append(AmountText.tokens(line.unpricedCalls)) }
        return cells
    }
}

extension UsageReportLine {
    /// The name of the group in a table: `qa`, `qa/reviewer`, `anthropic claude-sonnet-4-5`.
    var label: String {
        if let subagent { return "\(self.phase?.rawValue ?? "-")/\(subagent)" }
        if let agent { return "\(self.phase?.rawValue ?? "-")/\(agent)" }
        if let phase { return phase.rawValue }
        if let model { return self.provider.map { "\($0) \(model)" } ?? model }
        return "total"
    }
}
