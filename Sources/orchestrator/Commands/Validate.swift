import ArgumentParser
import Config
import Engine
import Model

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `orchestrator validate PATH…`: checks intake, agent, policy and skill files and reports diagnostics.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate intake, agent, policy and skill YAML files.",
        discussion: """
            PATH is a file, or a directory searched for *.yaml and *.yml files of the four kinds.
            Exit status: 0 when no errors, 1 when any file has an error, 2 on usage or I/O errors.
            """
    )

    /// Output formats of `validate`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Argument(help: "Files or directories to validate.")
    var paths: [String]

    @Option(help: "Output format: text (compiler style), json (LSP-shaped diagnostics) or sarif (SARIF 2.1.0).")
    var format: Format = .text

    @Option(help: "Treat every file as this kind instead of detecting it (intake, agent, policy, skill).")
    var kind: ConfigKind?

    @Option(help: "Column unit for --format json: utf-16 (LSP's default), utf-8 or utf-32.")
    var positionEncoding: PositionEncoding = .utf16

    @Option(help: "Largest file accepted, in bytes.")
    var maxFileSize: Int = YAMLLimits.default.maxBytes

    func run() throws {
        let files = try collectFiles()
        var limits = YAMLLimits.default
        limits.maxBytes = maxFileSize
        let validator = ConfigValidator(limits: limits)
        var reports: [FileReport] = []
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try BoundedFileReader.contents(of: file.path, limit: maxFileSize)
            } catch {
                throw CommandFailure.usage("cannot read '\(file.displayPath)': \(error.reason)")
            }
            var validation = validator.validate(bytes, kind: kind)
            // What the file names elsewhere in its workspace: prompt files, agents, skills.
            if let found = validation.kind, let root = validation.root, !validation.hasErrors {
                validation.diagnostics += WorkspaceReferences.diagnostics(
                    root: root, kind: found, file: Self.absolute(file.path))
            }
            reports.append(FileReport(file: file, validation: validation))
        }
        switch format {
        case .text:
            print(TextDiagnosticRenderer(colors: Terminal.stdoutSupportsColor).render(reports), terminator: "")
        case .json:
            print(try JSONReport.render(reports, encoding: positionEncoding))
        case .sarif:
            print(try SARIFReport.render(reports))
        }
        if reports.contains(where: { $0.validation.hasErrors }) {
            throw ExitCode(1)
        }
    }

    /// Expands directories; a named file is always validated, a found one only when it looks like a config.
    private func collectFiles() throws -> [InputFile] {
        var files: [InputFile] = []
        for path in paths {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure.usage("no such file or directory: '\(path)'")
            }
            guard isDirectory else {
                files.append(InputFile(path: path, displayPath: path))
                continue
            }
            let root = URL(fileURLWithPath: path)
            var found = 0
            for url in ConfigFileSearch.yamlFiles(under: root) {
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw CommandFailure.usage("cannot read '\(url.path)'")
                }
                guard kind != nil || ConfigFileSearch.isConfig(SourceText(bytes: Array(data.prefix(1 << 20)))) else {
                    continue
                }
                found += 1
                files.append(InputFile(path: url.path, displayPath: Self.display(url, under: root, as: path)))
            }
            if found == 0 {
                throw CommandFailure.usage("no intake, agent, policy or skill YAML files under '\(path)'")
            }
        }
        return files
    }

    /// A path as given, made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    private static func display(_ url: URL, under root: URL, as given: String) -> String {
        let rootPath = root.resolvingSymlinksInPath().standardizedFileURL.path
        let filePath = url.standardizedFileURL.path
        guard filePath.hasPrefix(rootPath + "/") else { return url.path }
        let relative = String(filePath.dropFirst(rootPath.count + 1))
        return given == "." ? relative : (given.hasSuffix("/") ? given + relative : given + "/" + relative)
    }
}

extension ConfigKind: ExpressibleByArgument {}
extension PositionEncoding: ExpressibleByArgument {}

/// A file named on the command line or found under a directory.
struct InputFile {
    /// The path used to read it.
    var path: String
    /// The path shown to the user (relative, as given).
    var displayPath: String
}

/// One file's validation, with the path to show.
struct FileReport {
    var file: InputFile
    var validation: ConfigValidation
}
