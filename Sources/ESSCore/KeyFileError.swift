/// Why a cluster's private key cannot be used, as facts: which file, and what is wrong with it.
public enum KeyFileError: Error, Sendable, Equatable {
    /// The key file does not exist.
    case missing(path: String)
    /// Group or other permission bits are set (`mode`, e.g. 0o644).
    case tooOpen(path: String, mode: UInt32)
    /// This user cannot read it.
    case unreadable(path: String)
    /// An RSA key: libssh2 1.10 signs RSA with SHA-1 only, which OpenSSH 8.8 and later refuse.
    case rsa(path: String)
    /// A DSA key, which OpenSSH no longer accepts.
    case dsa(path: String)
    /// Protected by a passphrase, which nothing can ask for.
    case passphrase(path: String)
    /// Not a private key of a known kind.
    case notAPrivateKey(path: String)
    /// The cluster's `pem` names a key found in none of `candidates`.
    case notFound(pem: String, candidates: [String])
    /// The public half (`publicPath`) is missing beside the private key at `path`.
    case publicKeyMissing(path: String, publicPath: String)
}
