import CLibSSH2

#if canImport(Glibc)
import Glibc
#endif

/// The process-wide libssh2 initialisation, done exactly once on first use.
enum LibSSH2 {
    private static let initResult: Int32 = {
        keepCryptoAtExit()
        return libssh2_init(0)
    }()

    static func initialize(target: String) throws {
        guard initResult == 0 else {
            throw SSHError(
                kind: .protocolError, target: target,
                detail: "libssh2_init failed with code \(initResult); the crypto library may be broken", isTransient: false)
        }
    }

    /// Asks OpenSSL (libssh2's crypto library) not to tear itself down at exit: a connection
    /// still closing on another thread when the process exits would otherwise use freed crypto
    /// state and crash it (seen once: `ess cluster create` ended by SIGSEGV in libcrypto after
    /// its work was done). Called before anything initialises OpenSSL; a no-op without it.
    private static func keepCryptoAtExit() {
        typealias InitCrypto = @convention(c) (UInt64, UnsafeRawPointer?) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "OPENSSL_init_crypto") else { return }
        let noAtExit: UInt64 = 0x0008_0000  // OPENSSL_INIT_NO_ATEXIT (OpenSSL 3)
        _ = unsafeBitCast(symbol, to: InitCrypto.self)(noAtExit, nil)
    }
}
