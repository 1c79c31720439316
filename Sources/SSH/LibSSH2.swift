import CLibSSH2

/// The process-wide libssh2 initialisation, done exactly once on first use.
enum LibSSH2 {
    private static let initResult: Int32 = libssh2_init(0)

    static func initialize(target: String) throws {
        guard initResult == 0 else {
            throw SSHError(
                kind: .protocolError, target: target,
                detail: "libssh2_init failed with code \(initResult); the crypto library may be broken", isTransient: false)
        }
    }
}
