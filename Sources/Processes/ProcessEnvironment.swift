#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment tool processes get: a short allow-list of the orchestrator's own variables.
///
/// Never the whole environment: it holds the model providers' API keys, and agent code (Python, linters
/// configured by the user) must not be able to print them into a transcript.
public enum ProcessEnvironment {
    static let passedThrough = [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
        "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "PYTHONPATH",
    ]

    /// The passed-through variables that are set, plus `extra` (which wins).
    public static func minimal(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = inherited(passedThrough)
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// The values of these variables in this process's environment, for those that are set.
    public static func inherited(_ names: [String]) -> [String: String] {
        var environment: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }

    /// The absolute path of an executable name on PATH (the minimal environment's unless given), or nil
    /// (paths with a slash are checked as given).
    public static func which(_ name: String, path: String? = nil) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = path ?? minimal()["PATH"] ?? ""
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
