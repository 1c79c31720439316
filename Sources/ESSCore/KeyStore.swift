import Foundation
import Platform

/// The clusters' private keys under `ESS_AWS_DIR/ess/keys`: ed25519, 0600 in 0700 folders.
public struct KeyStore: Sendable {
    public let paths: ESSPaths

    public init(paths: ESSPaths) {
        self.paths = paths
    }

    /// The key pair for `name`: made once, then reused. Returns the private key's path and
    /// the public line. An existing key is checked (mode, kind) before it is used.
    public func ensureKey(named name: String) throws -> (path: String, publicLine: String) {
        try PrivateFiles.makeDirectory(paths.essDirectory)
        try PrivateFiles.makeDirectory(paths.keysDirectory)
        let path = paths.keyFile(name)
        let publicPath = path + ".pub"
        if PrivateFiles.mode(of: path) != nil {
            try KeyFileCheck.verify(path)
            guard let line = try PrivateFiles.read(publicPath).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw KeyFileError.publicKeyMissing(path: path, publicPath: publicPath)
            }
            return (path, line.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let key = OpenSSHKey(comment: "ess:\(name)")
        // The public half first: if we die between the two, no private key exists without it.
        try? PrivateFiles.remove(publicPath)
        try PrivateFiles.createNew(publicPath, contents: Data((key.publicLine + "\n").utf8), mode: 0o600)
        try PrivateFiles.createNew(path, contents: Data(key.privateFile.utf8), mode: 0o600)
        AtomicFile.syncDirectory(paths.keysDirectory)
        return (path, key.publicLine)
    }

    /// Deletes the key pair's files.
    public func deleteKey(named name: String) throws {
        let path = paths.keyFile(name)
        try PrivateFiles.remove(path)
        try PrivateFiles.remove(path + ".pub")
    }
}
