import ESSCore
import Foundation

/// Words the facts about local files: the cluster file, key files, and the files `put` and
/// `get` move.
extension ErrorRenderer {
    static func message(for error: StateFileError) -> String {
        switch error {
        case .symbolicLink(let path):
            return "\(path) is a symbolic link; ess replaces this file atomically and will not follow links: "
                + "replace it with a regular file (cp --remove-destination \"$(readlink -f \(path))\" \(path))"
        case .unreadable(let path, let reason):
            return "\(path) cannot be read: \(reason)"
        case .invalid(let path, let problem):
            return "\(path) is not a valid cluster file: \(problem); fix it by hand, restore reservation.json.bak beside it, "
                + "or run `ess cluster reset` to forget it (nothing was changed)"
        case .locked(let busy):
            return "another ess is changing this directory's cluster: \(busy)"
        }
    }

    static func message(for error: KeyFileError) -> String {
        let ed25519 = "`ssh-keygen -t ed25519 -N '' -f NEW.pem`"
        switch error {
        case .missing(let path):
            return "key file \(path) does not exist; if the cluster's key is lost, terminate its nodes from the provider's console and run `ess cluster reset`"
        case .tooOpen(let path, let mode):
            return "permissions \(String(mode, radix: 8)) for key file \(path) are too open: a private key must not be readable by others; run `chmod 600 \(path)`"
        case .unreadable(let path):
            return "key file \(path) cannot be read by this user"
        case .rsa(let path):
            return "key file \(path) is an RSA key, which ess cannot use: its libssh2 (1.10) signs RSA only with SHA-1, and OpenSSH 8.8 and later refuse that; "
                + "make an ed25519 key instead: \(ed25519)"
        case .dsa(let path):
            return "key file \(path) is a DSA key, which OpenSSH no longer accepts; make an ed25519 key: \(ed25519)"
        case .passphrase(let path):
            return "key file \(path) is protected by a passphrase, which ess cannot ask for; load it into ssh-agent and remove `pem` from "
                + ".conf/reservation.json, or use a key without one"
        case .notAPrivateKey(let path):
            return "key file \(path) is not a private key ess can read; it expects an OpenSSH ed25519 or ECDSA private key"
        case .notFound(let pem, let candidates):
            return "the cluster's key `\(pem)` was not found (looked for \(candidates.joined(separator: " and "))); put the key there, "
                + "or remove `pem` from .conf/reservation.json to use ssh-agent"
        case .publicKeyMissing(let path, let publicPath):
            return "public key \(publicPath) is missing beside its private key; restore it, or derive it with `ssh-keygen -y -f \(path) > \(publicPath)`"
        }
    }

    static func message(for error: TransferError) -> String {
        switch error {
        case .emptyRemote:
            return "REMOTE is empty; give a path on the nodes, e.g. `data/` or `/tmp/input.bin`"
        case .remoteNamesNoFile(let remote):
            return "REMOTE `\(remote.prefix(80))` names no file; give the path of one file on the nodes"
        case .cannotMakeFolder(let path, let reason):
            return "cannot make the folder \(path): \(reason)"
        case .cannotOpen(let path, let code):
            return "cannot read \(path): \(systemWords(code)); give the path of a local file"
        case .notRegularFile(let path):
            return "\(path) is not a regular file; give the path of one local file"
        case .readFailed(let path, let offset, let code):
            return "reading \(path) failed at byte \(offset): \(code.map(systemWords) ?? "the file got shorter"); leave the file alone while it is sent"
        case .cannotCreate(let path, let code):
            return "cannot write \(path): \(systemWords(code)); check the folder's permissions and free space"
        case .writeFailed(let path, let code):
            return "writing \(path) failed: \(systemWords(code)); check free space"
        case .cannotRename(let from, let to, let code):
            return "cannot rename \(from) to \(to): \(systemWords(code))"
        }
    }

    /// The system's words for `errno` (strerror).
    static func systemWords(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
