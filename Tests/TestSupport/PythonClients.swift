import Foundation

/// The virtualenv of the Python test clients `Scripts/pyclients` makes (`.build/pyclients`):
/// the Xplenty and Agave SDKs, schemathesis, standardwebhooks, aiosmtpd.
public enum PythonClients {
    /// The package's root, from this file's place in it.
    public static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The venv's python; a test that needs it fails with how to make it when it is missing.
    public static func python() throws -> String {
        let path = packageRoot + "/.build/pyclients/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("the Python test clients are missing: run Scripts/pyclients (Scripts/test does)")
        }
        return path
    }

    /// A program installed in the venv (`schemathesis`, say).
    public static func tool(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: try python()).deletingLastPathComponent().appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("\(name) is not in the Python test clients' virtualenv: run Scripts/pyclients")
        }
        return path
    }
}
