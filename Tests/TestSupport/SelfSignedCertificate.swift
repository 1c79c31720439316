import Foundation

/// A self-signed certificate for 127.0.0.1 and localhost, made by the `openssl` program, for
/// masters serving https in tests; clients trust the certificate file itself.
public struct SelfSignedCertificate: Sendable {
    public let certificate: String
    public let key: String

    /// Writes `master.pem` and `master.key` (0600) into `folder`.
    public init(in folder: String) throws {
        certificate = folder + "/master.pem"
        key = folder + "/master.key"
        try TestTool.run("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=ess test master", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", key, "-out", certificate,
        ])
        chmod(key, 0o600)
    }
}
