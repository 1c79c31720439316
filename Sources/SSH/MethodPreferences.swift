import CLibSSH2

/// The algorithms we ask for, fastest first, limited to what this libssh2 build supports.
///
/// Measured with libssh2 1.10 against OpenSSH 9.2 on a CPU with AES-NI and SHA-NI: aes128-ctr is
/// the cheapest cipher both ends accept (1.10 has neither GCM nor ChaCha20, and encrypts 16 bytes
/// per libcrypto call whatever the cipher); hmac-sha1 and hmac-sha2-256 cost the same there (1.4
/// and 1.3 GB/s in `openssl speed -hmac` at 32 KB, 7.1 and 6.9 ns a byte of the master's CPU for a
/// put), so hmac-sha2-256 stays first. 1.10 knows no -etm MAC; they are listed for a later libssh2.
enum MethodPreferences {
    static let keyExchange = [
        "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384",
        "ecdh-sha2-nistp521", "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512",
        "diffie-hellman-group-exchange-sha256",
    ]
    static let hostKey = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
    ]
    static let cipher = [
        "aes128-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "aes192-ctr",
        "chacha20-poly1305@openssh.com",
    ]
    static let mac = ["hmac-sha2-256", "hmac-sha2-512", "hmac-sha2-256-etm@openssh.com", "hmac-sha1"]

    /// Sets each preference the library accepts; one it refuses leaves libssh2's default for that slot.
    /// The options' preferred ciphers and MACs go first.
    static func apply(to session: Session, options: SSHOptions) {
        let slots: [(Int32, [String], first: [String])] = [
            (LIBSSH2_METHOD_KEX, keyExchange, []),
            (LIBSSH2_METHOD_HOSTKEY, hostKey, []),
            (LIBSSH2_METHOD_CRYPT_CS, cipher, options.preferredCiphers), (LIBSSH2_METHOD_CRYPT_SC, cipher, options.preferredCiphers),
            (LIBSSH2_METHOD_MAC_CS, mac, options.preferredMACs), (LIBSSH2_METHOD_MAC_SC, mac, options.preferredMACs),
        ]
        for (method, preferred, first) in slots {
            let wanted = first + preferred.filter { !first.contains($0) }
            let supported = Set(session.supportedAlgorithms(method))
            let chosen = wanted.filter(supported.contains)
            guard !chosen.isEmpty else { continue }
            try? session.prefer(method, chosen)
        }
    }
}
