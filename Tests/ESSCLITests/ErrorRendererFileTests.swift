import ClusterModel
@testable import ESSCLI
import ESSCore
import Foundation
import Platform
import TestSupport
import XCTest

/// The sentences and codes of the facts about local files: the cluster file, keys, the files
/// `put`, `get` and `sync` move, and `conf/sync.json`.
final class ErrorRendererFileTests: XCTestCase {
    let path = "/w/.conf/reservation.json"

    func testStateFileFacts() {
        assertRendered(
            StateFileError.symbolicLink(path: path),
            "/w/.conf/reservation.json is a symbolic link; ess replaces this file atomically and will not follow links: replace it with a regular file "
                + "(cp --remove-destination \"$(readlink -f /w/.conf/reservation.json)\" /w/.conf/reservation.json)", code: 65)
        assertRendered(
            StateFileError.unreadable(path: path, reason: "could not read it: Permission denied"),
            "/w/.conf/reservation.json cannot be read: could not read it: Permission denied", code: 65)
        assertRendered(
            StateFileError.invalid(path: path, problem: StateProblem(field: "schema", expected: "1")),
            "/w/.conf/reservation.json is not a valid cluster file: field `schema`: 1; fix it by hand, restore reservation.json.bak beside it, "
                + "or run `ess cluster reset` to forget it (nothing was changed)", code: 65)
    }

    func testALockedClusterFileNamesTheHolder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path + "/.reservation.lock"
        let held = try FileLock(path: path, timeout: 1, purpose: "ess cluster create")
        defer { held.unlock() }
        XCTAssertThrowsError(try FileLock(path: path, timeout: 0, purpose: "second")) { error in
            guard let busy = error as? FileLock.Busy else { return XCTFail("\(error)") }
            assertRendered(
                StateFileError.locked(busy),
                "another ess is changing this directory's cluster: \(path) is locked by pid \(getpid()) (ess cluster create) (waited 0 s); "
                    + "let it finish, or if that process is gone, run again", code: 75)
        }
    }

    func testKeyFileFacts() {
        let key = "/k/c1.pem"
        assertRendered(
            KeyFileError.missing(path: key),
            "key file /k/c1.pem does not exist; if the cluster's key is lost, terminate its nodes from the provider's console and run `ess cluster reset`",
            code: 65)
        assertRendered(
            KeyFileError.tooOpen(path: key, mode: 0o644),
            "permissions 644 for key file /k/c1.pem are too open: a private key must not be readable by others; run `chmod 600 /k/c1.pem`", code: 77)
        assertRendered(KeyFileError.unreadable(path: key), "key file /k/c1.pem cannot be read by this user", code: 77)
        assertRendered(
            KeyFileError.rsa(path: key),
            "key file /k/c1.pem is an RSA key, which ess cannot use: its libssh2 (1.10) signs RSA only with SHA-1, and OpenSSH 8.8 and later refuse that; "
                + "make an ed25519 key instead: `ssh-keygen -t ed25519 -N '' -f NEW.pem`", code: 65)
        assertRendered(
            KeyFileError.dsa(path: key),
            "key file /k/c1.pem is a DSA key, which OpenSSH no longer accepts; make an ed25519 key: `ssh-keygen -t ed25519 -N '' -f NEW.pem`", code: 65)
        assertRendered(
            KeyFileError.passphrase(path: key),
            "key file /k/c1.pem is protected by a passphrase, which ess cannot ask for; load it into ssh-agent and remove `pem` from "
                + ".conf/reservation.json, or use a key without one", code: 65)
        assertRendered(
            KeyFileError.notAPrivateKey(path: key),
            "key file /k/c1.pem is not a private key ess can read; it expects an OpenSSH ed25519 or ECDSA private key", code: 65)
        assertRendered(
            KeyFileError.notFound(pem: "c1", candidates: ["/w/.conf/c1.pem", "/a/c1.pem"]),
            "the cluster's key `c1` was not found (looked for /w/.conf/c1.pem and /a/c1.pem); put the key there, or remove `pem` from "
                + ".conf/reservation.json to use ssh-agent", code: 65)
        assertRendered(
            KeyFileError.publicKeyMissing(path: key, publicPath: key + ".pub"),
            "public key /k/c1.pem.pub is missing beside its private key; restore it, or derive it with `ssh-keygen -y -f /k/c1.pem > /k/c1.pem.pub`",
            code: 65)
    }

    func testTransferFacts() {
        assertRendered(TransferError.emptyRemote, "REMOTE is empty; give a path on the nodes, e.g. `data/` or `/tmp/input.bin`", code: 64)
        assertRendered(
            TransferError.remoteNamesNoFile(remote: "/"), "REMOTE `/` names no file; give the path of one file on the nodes", code: 64)
        assertRendered(TransferError.cannotMakeFolder(path: "/out", reason: "denied"), "cannot make the folder /out: denied", code: 1)
        assertRendered(
            TransferError.cannotOpen(path: "/in", errno: ENOENT), "cannot read /in: No such file or directory; give the path of a local file", code: 64)
        assertRendered(TransferError.notRegularFile(path: "/in"), "/in is not a regular file; give the path of one local file", code: 64)
        assertRendered(
            TransferError.readFailed(path: "/in", offset: 131072, errno: EIO),
            "reading /in failed at byte 131072: Input/output error; leave the file alone while it is sent", code: 1)
        assertRendered(
            TransferError.readFailed(path: "/in", offset: 0, errno: nil),
            "reading /in failed at byte 0: the file got shorter; leave the file alone while it is sent", code: 1)
        assertRendered(
            TransferError.cannotCreate(path: "/o.ess-part", errno: EACCES),
            "cannot write /o.ess-part: Permission denied; check the folder's permissions and free space", code: 1)
        assertRendered(
            TransferError.writeFailed(path: "/o.ess-part", errno: ENOSPC), "writing /o.ess-part failed: No space left on device; check free space",
            code: 1)
        assertRendered(
            TransferError.cannotRename(from: "/o.ess-part", to: "/o", errno: EXDEV), "cannot rename /o.ess-part to /o: Invalid cross-device link",
            code: 1)
    }

    func testSyncFacts() {
        let file = "/w/conf/sync.json"
        assertRendered(
            SyncError.noSettings(file: SyncSettings.fileName),
            "there is no conf/sync.json in this directory; write one naming what to ship, e.g. {\"package\": \"dist/app\", \"version\": \"1.0\"} "
                + "(see the README, \"Fan-out\")", code: 64)
        assertRendered(
            SyncError.settingsNotJSON(path: file, detail: "bad"),
            "/w/conf/sync.json is not JSON (bad); write it as {\"package\": \"dist/app\", \"version\": \"1.0\", \"install_root\": \"ess\"}", code: 65)
        assertRendered(SyncError.settingsNotObject(path: file), "/w/conf/sync.json must hold one JSON object, like {\"package\": \"dist/app\"}", code: 65)
        assertRendered(SyncError.settingNotText(path: file, key: "version"), "/w/conf/sync.json: `version` must be a non-empty string", code: 65)
        assertRendered(
            SyncError.noPackageSetting(path: file),
            "/w/conf/sync.json has no `package`; name the folder or .tar.gz archive to ship, e.g. \"package\": \"dist/app\"", code: 65)
        assertRendered(
            SyncError.badVersionSetting(path: file, .characters(version: "a b")),
            "/w/conf/sync.json: `version` `a b` must be 1 to 64 letters, digits or `._+-`", code: 65)
        assertRendered(
            SyncError.badInstallRoot(path: file, .absolute),
            "/w/conf/sync.json: `install_root` must be relative to the node user's home (like `ess` or `opt/app`), not absolute", code: 65)
        assertRendered(
            SyncError.badInstallRoot(path: file, .characters), "/w/conf/sync.json: `install_root` may hold only letters, digits and `._-/`", code: 65)
        assertRendered(
            SyncError.badInstallRoot(path: file, .dotParts), "/w/conf/sync.json: `install_root` may not contain `.` or `..` parts", code: 65)
        assertRendered(
            SyncError.packageMissing(path: "/w/dist/app"),
            "the package /w/dist/app (conf/sync.json `package`) does not exist; build it first or fix the path", code: 64)
        assertRendered(
            SyncError.packageNotArchive(path: "/w/app.zip"),
            "the package /w/app.zip is neither a folder nor a .tar.gz/.tgz archive; point `package` in conf/sync.json at one", code: 64)
        assertRendered(
            SyncError.noVersion,
            "the package has no version: add `\"version\"` to conf/sync.json, a VERSION file to the package folder, or pass --version", code: 64)
        assertRendered(
            SyncError.badVersion(.edges(version: ".x")), "version `.x` may not start with `.` or `-`, or end in `.tmp`", code: 64)
        assertRendered(
            SyncError.cannotMakeTemporaryFile(errno: ENOSPC), "cannot make a temporary file for the package: No space left on device", code: 1)
        assertRendered(
            SyncError.packingFailed(path: "/w/dist/app", stderr: "tar: x: Cannot open"),
            "packing /w/dist/app failed: tar: x: Cannot open; check that every file in it is readable", code: 1)
    }
}
