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
            throw ESSError(.badFile, "\(path) is not JSON (\(error.localizedDescription)); write it as {\"package\": \"dist/app\", \"version\": \"1.0\", \"install_root\": \"ess\"}")
        }
        guard let fields = object as? [String: Any] else {
            throw ESSError(.badFile, "\(path) must hold one JSON object, like {\"package\": \"dist/app\"}")
        }
        func text(_ key: String) throws -> String? {
            guard let value = fields[key] else { return nil }
            guard let string = value as? String, !string.isEmpty else {
                throw ESSError(.badFile, "\(path): `\(key)` must be a non-empty string")
            }
            return string
        }
        guard let package = try text("package") else {
            throw ESSError(.badFile, "\(path) has no `package`; name the folder or .tar.gz archive to ship, e.g. \"package\": \"dist/app\"")
        }
        let settings = SyncSettings(
            package: ESSPaths.absolute(package, from: directory), version: try text("version"),
            installRoot: try text("install_root") ?? defaultInstallRoot)
        if let version = settings.version, let problem = SyncVersion.problem(with: version) {
            throw ESSError(.badFile, "\(path): `version` \(problem)")
        }
        if let problem = problem(withInstallRoot: settings.installRoot) {
            throw ESSError(.badFile, "\(path): `install_root` \(problem)")
        }
        return settings
    }

    /// Why an install root is refused, or nil: it must be a plain relative path inside the home.
    static func problem(withInstallRoot root: String) -> String? {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/")
        if root.hasPrefix("/") { return "must be relative to the node user's home (like `ess` or `opt/app`), not absolute" }
        if root.unicodeScalars.contains(where: { !allowed.contains($0) }) { return "may hold only letters, digits and `._-/`" }
        if root.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) { return "may not contain `.` or `..` parts" }
        return nil
    }
}
