import Foundation

/// The API token the harness's masters share (`ESS_AWS_DIR/ess/api-token`), and curl's way of
/// sending it from a file, so that it appears on no command line.
extension EssHarness {
    public var apiTokenFile: String { aws + "/ess/api-token" }

    /// The token, once a master has made it.
    public var apiToken: String? {
        FileManager.default.contents(atPath: apiTokenFile).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// `-H @FILE` for curl, FILE (0600) holding `Authorization: Bearer TOKEN`; no arguments
    /// before a master has made the token.
    public func curlTokenArguments() -> [String] {
        guard let token = apiToken, !token.isEmpty else { return [] }
        let path = root + "/authorization.header"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return [] }
        let line = Array("Authorization: Bearer \(token)\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return ["-H", "@" + path]
    }
}
