import Config
import Model

/// One problem a gate found, located in a workspace file when it has a location.
///
/// `range` uses ``SourceRange``: lines and columns are **zero-based** (as in LSP), so the
/// first character of a file is line 0, column 0. Add one to show them to a person.
public struct Finding: Sendable, Hashable, Codable {
    /// The id of the gate that produced the finding; the stable code of the diagnostic.
    public var gateID: String
    /// The file, relative to the workspace root, or nil for a finding about no one file.
    public var file: String?
    /// Where in `file` the problem is (zero-based), or nil when it has no position.
    public var range: SourceRange?
    /// What is wrong, for a person to read.
    public var message: String
    /// The severity of the gate that found it.
    public var severity: GateConfig.Severity

    /// Creates a finding.
    public init(
        gateID: String, file: String?, range: SourceRange?, message: String, severity: GateConfig.Severity
    ) {
        self.gateID = gateID
        self.file = file
        self.range = range
        self.message = message
        self.severity = severity
    }

    enum CodingKeys: String, CodingKey {
        case gateID = "gateId"
        case file, range, message, severity
    }

    /// The key of findings stored before protocol 2, which wrote it in snake_case.
    private enum StoredKeys: String, CodingKey {
        case gateID = "gate_id"
    }

    /// Reads a finding in either key style: the store keeps results written before the switch to camelCase.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.gateID) {
            gateID = try container.decode(String.self, forKey: .gateID)
        } else {
            gateID = try decoder.container(keyedBy: StoredKeys.self).decode(String.self, forKey: .gateID)
        }
        file = try container.decodeIfPresent(String.self, forKey: .file)
        range = try container.decodeIfPresent(SourceRange.self, forKey: .range)
        message = try container.decode(String.self, forKey: .message)
        severity = try container.decode(GateConfig.Severity.self, forKey: .severity)
    }
}
