import Model

/// Writes each artifact of a phase from the task brief alone: deterministic text that says no model wrote it.
struct OfflineAuthor {
    let brief: TaskBrief
    let testRun: OfflineTestRun?
    let domain: OfflineDomain

    init(brief: TaskBrief, testRun: OfflineTestRun?) {
        self.brief = brief
        self.testRun = testRun
        domain = OfflineDomain(requirements: brief.requirements)
    }

    var notice: String { "Written by the offline agent '\(brief.agentID)' (no model was called)." }
    var module: String { ProjectName.identifier(brief.projectName) }

    /// The body of the artifact at `path`, chosen by its name and extension.
    func content(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = path.lowercased()
        if name.hasSuffix(".py") {
            return name.hasPrefix("test_") ? OfflinePython(author: self).tests : OfflinePython(author: self).module
        }
        if name.hasSuffix(".sql") { return "-- \(brief.projectName): data schema\n-- \(notice)\n\n" + domain.schemaSQL }
        if lower.contains("/adr/") || lower.hasPrefix("adr/") { return OfflineDocuments(author: self).decisionRecord }
        switch name.lowercased() {
        case "plan.md": return OfflineDocuments(author: self).plan
        case "requirements.md": return OfflineDocuments(author: self).requirements
        case "architecture.md": return OfflineDocuments(author: self).architecture
        case "data-dictionary.md", "data_dictionary.md": return OfflineDocuments(author: self).dataDictionary
        case "qa-report.md", "qa_report.md": return OfflineDocuments(author: self).qaReport
        case "readme.md": return OfflineDocuments(author: self).readme
        case "user-guide.md", "user_guide.md": return OfflineDocuments(author: self).userGuide
        default: return OfflineDocuments(author: self).generic(title: name)
        }
    }

    /// The hand-off summary that ends the agent's run.
    func summary(failures: [String], canWrite: Bool) -> String {
        if !failures.isEmpty {
            return "\(brief.agentID) could not finish \(brief.phase.rawValue): " + failures.joined(separator: "; ")
        }
        if brief.artifactPaths.isEmpty {
            return "\(brief.agentID) had nothing to write in \(brief.phase.rawValue) (offline, no model called)"
        }
        if !canWrite {
            return "\(brief.agentID) may not use file_system, so it wrote nothing for \(brief.phase.rawValue)"
        }
        var text = "\(brief.agentID) wrote \(brief.artifactPaths.joined(separator: ", "))"
        if let testRun {
            text += "; tests: \(testRun.ran) ran, \(testRun.failures) failed, \(testRun.errors) errors"
        }
        return text + " (offline, no model called)"
    }

    /// Runs the workspace's unittest suite and prints one JSON line of counts, without timings, so the
    /// report written from it is the same on every run.
    static let testRunnerScript = #"""
        import io, json, os, sys, unittest
        if not os.path.isdir("tests"):
            print(json.dumps({"ran": 0, "failures": 0, "errors": 0, "note": "no tests directory"}))
            sys.exit(0)
        sys.path.insert(0, "src")
        suite = unittest.TestLoader().discover("tests")
        result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
        print(json.dumps({"ran": result.testsRun, "failures": len(result.failures), "errors": len(result.errors)}))
        """#
}
