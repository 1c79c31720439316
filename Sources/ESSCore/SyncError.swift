/// Why `sync` cannot ship the package, as facts: its settings file (`conf/sync.json`), the
/// package it names, the version.
public enum SyncError: Error, Sendable, Equatable {
    /// There is no settings file (`file`, relative to the cluster's directory).
    case noSettings(file: String)
    /// The settings file is not JSON; `detail` is the parser's.
    case settingsNotJSON(path: String, detail: String)
    /// The settings file holds something other than one JSON object.
    case settingsNotObject(path: String)
    /// A setting is not a non-empty string.
    case settingNotText(path: String, key: String)
    /// The settings name no `package`.
    case noPackageSetting(path: String)
    /// The `version` setting cannot be used.
    case badVersionSetting(path: String, SyncVersion.Problem)
    /// The `install_root` setting cannot be used.
    case badInstallRoot(path: String, SyncSettings.InstallRootProblem)
    /// The package does not exist.
    case packageMissing(path: String)
    /// The package is neither a folder nor a .tar.gz/.tgz archive.
    case packageNotArchive(path: String)
    /// Nothing gives the package a version.
    case noVersion
    /// The version given cannot be used.
    case badVersion(SyncVersion.Problem)
    /// No temporary file could be made to pack the folder into.
    case cannotMakeTemporaryFile(errno: Int32)
    /// `tar` failed to pack the folder; `stderr` is what it said.
    case packingFailed(path: String, stderr: String)
}
