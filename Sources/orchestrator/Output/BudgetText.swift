import Engine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The text of `budget status`: one line per level, indented by depth, with a bar of what is spent.
enum BudgetText {
    static func status(_ report: BudgetStatusReport) -> String {
        var table = Table(header: ["LEVEL", "SPENT", "LIMIT", "REMAINING", ""])
        for level in report.levels {
            let depth = level.subagent != nil ? 3 : level.agent != nil ? 2 : level.phase != nil ? 1 : 0
            let name = level.subagent ?? level.agent ?? level.phase?.rawValue ?? "workflow \(report.workflow)"
            table.rows.append([
                String(repeating: "  ", count: depth) + name,
                tokens(level.spentTokens) + money(level.spentUSD),
                level.limitTokens.map(tokens) ?? "unlimited",
                level.remainingTokens.map(tokens) ?? "-",
                bar(spent: level.spentTokens, limit: level.limitTokens),
            ])
        }
        return table.render()
    }

    static func tokens(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + String(grouped.reversed())
    }

    static func money(_ usd: Decimal) -> String { usd == 0 ? "" : " ($\(usd))" }

    /// `[#####.....] 50%`; empty for an unlimited level.
    static func bar(spent: Int, limit: Int?) -> String {
        guard let limit, limit > 0 else { return "" }
        let fraction = min(1, Double(spent) / Double(limit))
        let filled = Int((fraction * 20).rounded())
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled) + "] "
            + "\(Int((Double(spent) / Double(limit) * 100).rounded()))%"
    }
}
