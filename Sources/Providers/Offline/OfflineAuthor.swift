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

    /// The body of the artifact at `path`, under the header the policy asks for when it asks for one.
    func content(for path: String) -> String {
        guard let header = brief.fileHeaders[path] else { return body(for: path) }
        return header + (header.hasSuffix("\n") ? "" : "\n") + body(for: path)
    }

    /// The body of the artifact at `path`, chosen by its name and extension.
    private func body(for path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let lower = path.lowercased()
        if name.hasSuffix(".py") {
            return name.hasPrefix("test_") ? OfflinePython(author: self).tests : OfflinePython(author: self).module
        }
        if name.hasSuffix(".sql") { return "-- \(brief.projectName): data schema\n-- \(notice)\n\n" + domain.schemaSQL }
        if lower.contains("/adr/") || lower.hasPrefix("adr/") { return OfflineDocuments(author: self).decisionRecord }
        if name.hasSuffix(".md") && (lower.contains("/api/") || lower.hasPrefix("api/")) {
            return OfflineDocuments(author: self).apiReference
        }
        if let dot = name.lastIndex(of: "."),
            let data = OfflineDataFiles(author: self).body(
                forExtension: name[name.index(after: dot)...].lowercased(), title: String(name[..<dot]))
        {
            return data
        }
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

    /// The hand-off summary that ends the agent's run: what it wrote, and what it had its subagents write.
    func summary(
        failures: [String], canWrite: Bool, written: [String], delegated: [(subagent: String, paths: [String])] = []
    ) -> String {
        if !failures.isEmpty {
            return "\(brief.agentID) could not finish \(brief.phase.rawValue): " + failures.joined(separator: "; ")
        }
        if written.isEmpty && delegated.isEmpty {
            return "\(brief.agentID) had nothing to write in \(brief.phase.rawValue) (offline, no model called)"
        }
        if !canWrite && delegated.isEmpty {
            return "\(brief.agentID) may not use file_system, so it wrote nothing for \(brief.phase.rawValue)"
        }
        var parts: [String] = []
        if !written.isEmpty && canWrite { parts.append("wrote \(written.joined(separator: ", "))") }
        if !delegated.isEmpty {
            parts.append(
                "had "
                    + delegated.map { "\($0.subagent) write \($0.paths.joined(separator: ", "))" }
                    .joined(separator: " and "))
        }
        var text = "\(brief.agentID) " + parts.joined(separator: "; ")
        if let testRun {
            text += "; tests: \(testRun.ran) ran, \(testRun.failures) failed, \(testRun.errors) errors"
        }
        return text + " (offline, no model called)"
    }

    /// Where the offline QA agent writes the line coverage it measured (LCOV), the common convention.
    static let coverageReportPath = "coverage/lcov.info"

    /// Runs the workspace's unittest suite under the standard library's `trace` and prints one JSON line: the
    /// counts, without timings, and the line coverage of every Python file under `src/` (imported by the tests or
    /// not) with its LCOV text. Executable lines are the line numbers of the files' compiled code objects; a line
    /// is hit when `trace` saw it run.
    static let testRunnerScript = #"""
        import io, json, os, sys, trace, unittest
        if not os.path.isdir("tests"):
            print(json.dumps({"ran": 0, "failures": 0, "errors": 0, "note": "no tests directory"}))
            raise SystemExit(0)
        sys.path.insert(0, os.path.abspath("src"))
        tracer = trace.Trace(count=1, trace=0)
        def run():
            suite = unittest.TestLoader().discover("tests")
            return unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(suite)
        result = tracer.runfunc(run)
        counts = {}
        for (filename, line), count in tracer.results().counts.items():
            counts.setdefault(os.path.realpath(filename), {})[line] = count
        def executable(path):
            with open(path, encoding="utf-8") as handle:
                code = compile(handle.read(), path, "exec")
            lines, stack = set(), [code]
            while stack:
                current = stack.pop()
                lines.update(line for _, _, line in current.co_lines() if line)
                stack.extend(const for const in current.co_consts if hasattr(const, "co_lines"))
            return sorted(lines)
        records, found, hit = [], 0, 0
        for folder, folders, names in os.walk("src"):
            folders.sort()
            for name in sorted(names):
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name).replace(os.sep, "/")
                try:
                    lines = executable(path)
                except (SyntaxError, UnicodeDecodeError, OSError):
                    continue
                seen = counts.get(os.path.realpath(path), {})
                covered = sum(1 for line in lines if seen.get(line, 0) > 0)
                found, hit = found + len(lines), hit + covered
                records.append("TN:\nSF:%s\n%sLF:%d\nLH:%d\nend_of_record\n" % (
                    path, "".join("DA:%d,%d\n" % (line, seen.get(line, 0)) for line in lines), len(lines), covered))
        report = {"ran": result.testsRun, "failures": len(result.failures), "errors": len(result.errors)}
        if found:
            report["coverage"] = {"lines_found": found, "lines_hit": hit, "lcov": "".join(records)}
        print(json.dumps(report))
        """#
}
