import ESSCore

/// Words the facts of `ess cluster sync`: its settings file, the package, the version.
extension ErrorRenderer {
    static func message(for error: SyncError) -> String {
        let example = "{\"package\": \"dist/app\", \"version\": \"1.0\"}"
        switch error {
        case .noSettings(let file):
            return "there is no \(file) in this directory; write one naming what to ship, e.g. \(example) (see the README, \"Fan-out\")"
        case .settingsNotJSON(let path, let detail):
            return "\(path) is not JSON (\(detail)); write it as {\"package\": \"dist/app\", \"version\": \"1.0\", \"install_root\": \"ess\"}"
        case .settingsNotObject(let path):
            return "\(path) must hold one JSON object, like {\"package\": \"dist/app\"}"
        case .settingNotText(let path, let key):
            return "\(path): `\(key)` must be a non-empty string"
        case .noPackageSetting(let path):
            return "\(path) has no `package`; name the folder or .tar.gz archive to ship, e.g. \"package\": \"dist/app\""
        case .badVersionSetting(let path, let problem):
            return "\(path): `version` \(words(for: problem))"
        case .badInstallRoot(let path, let problem):
            return "\(path): `install_root` \(words(for: problem))"
        case .packageMissing(let path):
            return "the package \(path) (conf/sync.json `package`) does not exist; build it first or fix the path"
        case .packageNotArchive(let path):
            return "the package \(path) is neither a folder nor a .tar.gz/.tgz archive; point `package` in conf/sync.json at one"
        case .noVersion:
            return "the package has no version: add `\"version\"` to conf/sync.json, a VERSION file to the package folder, or pass --version"
        case .badVersion(let problem):
            return "version \(words(for: problem))"
        case .cannotMakeTemporaryFile(let code):
            return "cannot make a temporary file for the package: \(systemWords(code))"
        case .packingFailed(let path, let stderr):
            return "packing \(path) failed: \(stderr); check that every file in it is readable"
        }
    }

    static func words(for problem: SyncVersion.Problem) -> String {
        switch problem {
        case .characters(let version): return "`\(version.prefix(70))` must be 1 to 64 letters, digits or `._+-`"
        case .edges(let version): return "`\(version)` may not start with `.` or `-`, or end in `.tmp`"
        }
    }

    static func words(for problem: SyncSettings.InstallRootProblem) -> String {
        switch problem {
        case .absolute: return "must be relative to the node user's home (like `ess` or `opt/app`), not absolute"
        case .characters: return "may hold only letters, digits and `._-/`"
        case .dotParts: return "may not contain `.` or `..` parts"
        }
    }
}
