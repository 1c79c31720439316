import Foundation

/// What `ess cluster sync` ships, from `conf/sync.json` in the cluster's directory:
///
/// ```json
/// {"package": "dist/app", "version": "1.4.0", "install_root": "ess"}
/// ```
///
/// - `package`: a folder (packed as tar+gzip once per sync) or a `.tar.gz`/`.tgz` archive (sent as is);
///   relative to the cluster's directory, or absolute.
/// - `version`: optional; without it, the first line of `VERSION` in the package folder. `--version` overrides both.
/// - `install_root`: optional, default `ess`: the folder on each node, relative to the login user's home,
///   that holds `versions/<v>`, `current` and `previous`.
public struct SyncSettings: Sendable, Equatable {
    public static let fileName = "conf/sync.json"
    public static let defaultInstallRoot = "ess"

    public var package: String
    public var version: String?
    public var installRoot: String

    public init(package: String, version: String? = nil, installRoot: String = SyncSettings.defaultInstallRoot) {
        self.package = package
        self.version = version
        self.installRoot = installRoot
    }

    /// Reads and checks `conf/sync.json` under `directory`; nil when there is no such file.
    public static func load(directory: String) throws -> SyncSettings? {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SyncError.settingsNotJSON(path: path, detail: error.localizedDescription)
        }
        guard let fields = object as? [String: Any] else {
            throw SyncError.settingsNotObject(path: path)
        }
        func text(_ key: String) throws -> String? {
            guard let value = fields[key] else { return nil }
            guard let string = value as? String, !string.isEmpty else {
                throw SyncError.settingNotText(path: path, key: key)
            }
            return string
        }
        guard let package = try text("package") else {
            throw SyncError.noPackageSetting(path: path)
        }
        let settings = SyncSettings(
            package: ESSPaths.absolute(package, from: directory), version: try text("version"),
            installRoot: try text("install_root") ?? defaultInstallRoot)
        if let version = settings.version, let problem = SyncVersion.problem(with: version) {
            throw SyncError.badVersionSetting(path: path, problem)
        }
        if let problem = problem(withInstallRoot: settings.installRoot) {
            throw SyncError.badInstallRoot(path: path, problem)
        }
        return settings
    }

    /// Why an install root is refused: it must be a plain relative path inside the home.
    public enum InstallRootProblem: Error, Sendable, Equatable {
        /// It starts with `/`.
        case absolute
        /// It holds something other than letters, digits and `._-/`.
        case characters
        /// It has a `.` or `..` part.
        case dotParts
    }

    /// Why an install root is refused, or nil.
    static func problem(withInstallRoot root: String) -> InstallRootProblem? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        if root.hasPrefix("/") { return .absolute }
        if root.unicodeScalars.contains(where: { !allowed.contains($0) }) { return .characters }
        if root.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) { return .dotParts }
        return nil
    }
}
