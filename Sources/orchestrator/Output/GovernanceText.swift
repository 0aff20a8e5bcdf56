import Engine
import Governance

/// Plain text of the governance reports: tables and compiler-style problem lines, no escape codes.
enum GovernanceText {
    static func policy(_ report: PolicyValidationReport) -> String {
        var text = "effective policy" + (report.client.map { " for client \($0)" } ?? " (no client layer)") + "\n"
        text +=
            "layers: "
            + report.layers.map { "\($0.level.rawValue) \($0.policy) (\($0.location.file))" }.joined(
                separator: " < ") + "\n\n"
        var gates = Table(header: ["GATE", "TYPE", "SEVERITY", "PHASES", "FROM"])
        for gate in report.gates {
            var from = "\(gate.source.level.rawValue) \(gate.source.policy) \(place(gate.source.location))"
            if let lock = gate.lockedBy { from += ", locked by \(lock.level.rawValue) \(lock.policy)" }
            if !gate.overrides.isEmpty {
                from +=
                    ", overrides "
                    + gate.overrides.map { "\($0.level.rawValue) \($0.policy)" }.joined(
                        separator: ", ")
            }
            gates.rows.append([
                gate.id, gate.type.rawValue, gate.severity.rawValue, gate.phases.map(\.rawValue).joined(separator: ","),
                from,
            ])
        }
        text += gates.render()
        if !report.allowedCommands.isEmpty {
            text += "\nallowed commands: " + report.allowedCommands.joined(separator: ", ") + "\n"
        }
        if !report.waivers.isEmpty {
            var waivers = Table(header: ["WAIVER", "STATUS", "EXPIRES", "APPROVER", "REASON"])
            for waiver in report.waivers {
                waivers.rows.append([
                    waiver.gate, waiver.status.rawValue, waiver.expires, waiver.approver, waiver.reason,
                ])
            }
            text += "\n" + waivers.render()
        }
        if !report.diagnostics.isEmpty {
            text += "\n"
            for problem in report.diagnostics {
                text += "\(place(problem.location)): \(problem.severity): \(problem.message) [\(problem.code)]\n"
            }
        }
        text += report.valid ? "\npolicy valid\n" : "\npolicy has errors: runs will not start until they are fixed\n"
        return text
    }

    static func check(_ report: GateCheckReport) -> String {
        var text = "workflow \(report.workflow), phase \(report.phase.rawValue) (\(report.trigger))\n"
        var table = Table(header: ["GATE", "STATUS", "SEVERITY", "RESULT"])
        for result in report.results {
            let status = result.status == .notApplicable ? "not applicable" : result.status.rawValue
            table.rows.append([result.gateID, status, result.severity.rawValue, result.message])
        }
        text += table.render()
        for result in report.results {
            for finding in result.findings {
                let place =
                    finding.file.map { file in
                        finding.range.map { "\(file):\($0.start.line + 1):\($0.start.scalarColumn + 1)" } ?? file
                    } ?? "-"
                text +=
                    "\(place): \(finding.severity == .blocking ? "error" : "warning"): \(finding.message) "
                    + "[\(result.gateID)]\n"
            }
        }
        text += report.blocked ? "blocked: a blocking gate failed\n" : "passed\n"
        return text
    }

    static func audit(_ report: AuditTrailReport) -> String {
        var table = Table(header: ["SEQ", "TIME", "ACTOR", "PHASE", "ACTION", "OUTCOME", "HASH"])
        for entry in report.entries {
            table.rows.append([
                "\(entry.sequence)", entry.time, entry.actor, entry.phase ?? "-", entry.action + detail(entry),
                entry.outcome, String(entry.hash.prefix(12)),
            ])
        }
        var text = "workflow \(report.workflow): \(report.entries.count) audit entries\n" + table.render()
        if let verification = report.verification {
            if let broken = verification.firstBroken {
                text += "verify: BROKEN at entry \(broken.sequence) (position \(broken.position)): \(broken.message)\n"
            } else if let signed = verification.signedHead, signed.status == .badSignature {
                text += "verify: BROKEN: the signed head kept in \(signed.file) is not valid: \(signed.message)\n"
            } else {
                text += "verify: intact (\(verification.count) entries, each linked to the one before)\n"
            }
            if let signed = verification.signedHead {
                text += "signed head: \(signed.status.rawValue): \(signed.message)\n"
            }
            if let head = verification.head {
                text += "head: \(head) (signed after every change when a key is kept; --head \(head) checks it too)\n"
            }
        }
        return text
    }

    /// The gate or waiver an entry is about, so the table says which.
    private static func detail(_ entry: AuditTrailReport.Entry) -> String {
        guard let gate = entry.inputs["gate"]?.stringValue else {
            return entry.inputs["checkpoint"]?.stringValue.map { " \($0)" } ?? ""
        }
        if let approver = entry.inputs["approver"]?.stringValue {
            return " \(gate) (by \(approver) until \(entry.inputs["expires"]?.stringValue ?? "?"))"
        }
        return " \(gate)"
    }

    private static func place(_ location: FileLocation) -> String {
        "\(location.file):\(location.line):\(location.column)"
    }
}
