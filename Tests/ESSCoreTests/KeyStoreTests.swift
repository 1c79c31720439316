import ESSCore
import Foundation
import Platform
import TestSupport
import XCTest

final class KeyStoreTests: XCTestCase {
    var directory: TemporaryDirectory!
    var paths: ESSPaths!

    override func setUp() {
        directory = TemporaryDirectory()
        paths = ESSPaths(workingDirectory: directory.path, environment: ["ESS_AWS_DIR": directory.path + "/aws", "HOME": directory.path])
    }

    override func tearDown() {
        directory.remove()
    }

    func keygen(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run("/usr/bin/ssh-keygen", arguments)
    }

    func testKeysAreEd25519WithPrivateModesWhateverTheUmask() throws {
        let old = umask(0)
        defer { umask(old) }
        let key = try KeyStore(paths: paths).ensureKey(named: "ess-test")
        XCTAssertEqual(PrivateFiles.mode(of: key.path), 0o600)
        XCTAssertEqual(PrivateFiles.mode(of: key.path + ".pub"), 0o600)
        XCTAssertEqual(PrivateFiles.mode(of: paths.awsDirectory), 0o700)
        XCTAssertEqual(PrivateFiles.mode(of: paths.essDirectory), 0o700)
        XCTAssertEqual(PrivateFiles.mode(of: paths.keysDirectory), 0o700)
        XCTAssertTrue(key.publicLine.hasPrefix("ssh-ed25519 "))
        // OpenSSH itself reads our private key and derives the same public key.
        let derived = try keygen(["-y", "-f", key.path])
        XCTAssertEqual(derived.status, 0, derived.stderrText)
        let derivedKey = String(decoding: derived.stdout, as: UTF8.self).split(separator: " ").prefix(2).joined(separator: " ")
        XCTAssertEqual(derivedKey, key.publicLine.split(separator: " ").prefix(2).joined(separator: " "))
        XCTAssertEqual(try KeyFileCheck.verify(key.path), .ed25519)
    }

    func testExistingKeyIsReusedNotOverwritten() throws {
        let store = KeyStore(paths: paths)
        let first = try store.ensureKey(named: "k")
        let bytes = FileManager.default.contents(atPath: first.path)
        let second = try store.ensureKey(named: "k")
        XCTAssertEqual(first.publicLine, second.publicLine)
        XCTAssertEqual(FileManager.default.contents(atPath: first.path), bytes)
    }

    func testCredentialsAndConfigAreNeverTouched() throws {
        try PrivateFiles.makeDirectory(paths.awsDirectory)
        let credentials = Data("[default]\naws_access_key_id = AKIDEXAMPLE\n".utf8)
        _ = FileManager.default.createFile(atPath: paths.awsDirectory + "/credentials", contents: credentials)
        let store = KeyStore(paths: paths)
        _ = try store.ensureKey(named: "credentials")
        try store.deleteKey(named: "credentials")
        XCTAssertEqual(FileManager.default.contents(atPath: paths.awsDirectory + "/credentials"), credentials)
    }

    func testOpenKeyIsRefusedAsOpenSSHDoes() throws {
        let key = try KeyStore(paths: paths).ensureKey(named: "k")
        chmod(key.path, 0o644)
        XCTAssertThrowsError(try KeyFileCheck.verify(key.path)) { error in
            XCTAssertEqual(error as? KeyFileError, .tooOpen(path: key.path, mode: 0o644))
        }
        XCTAssertThrowsError(try KeyStore(paths: paths).ensureKey(named: "k")) { error in
            XCTAssertEqual(error as? KeyFileError, .tooOpen(path: key.path, mode: 0o644))
        }
        chmod(key.path, 0o600)
        try FileManager.default.removeItem(atPath: key.path + ".pub")
        XCTAssertThrowsError(try KeyStore(paths: paths).ensureKey(named: "k")) { error in
            XCTAssertEqual(error as? KeyFileError, .publicKeyMissing(path: key.path, publicPath: key.path + ".pub"))
        }
    }

    func testRSAKeysAreRefusedWithTheReason() throws {
        let path = directory.path + "/rsa.pem"
        XCTAssertEqual(try keygen(["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", path]).status, 0)
        XCTAssertThrowsError(try KeyFileCheck.verify(path)) { XCTAssertEqual($0 as? KeyFileError, .rsa(path: path)) }
        let pem = directory.path + "/rsa-pem.pem"
        XCTAssertEqual(try keygen(["-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", pem]).status, 0)
        XCTAssertThrowsError(try KeyFileCheck.verify(pem)) { XCTAssertEqual($0 as? KeyFileError, .rsa(path: pem)) }
    }

    func testEncryptedAndForeignKeys() throws {
        let path = directory.path + "/locked.pem"
        XCTAssertEqual(try keygen(["-q", "-t", "ed25519", "-N", "secret-pass", "-f", path]).status, 0)
        XCTAssertThrowsError(try KeyFileCheck.verify(path)) { XCTAssertEqual($0 as? KeyFileError, .passphrase(path: path)) }
        let ecdsa = directory.path + "/ec.pem"
        XCTAssertEqual(try keygen(["-q", "-t", "ecdsa", "-N", "", "-f", ecdsa]).status, 0)
        XCTAssertEqual(try KeyFileCheck.verify(ecdsa), .ecdsa)
        let junk = directory.path + "/junk.pem"
        _ = FileManager.default.createFile(atPath: junk, contents: Data("hello".utf8), attributes: [.posixPermissions: 0o600])
        XCTAssertThrowsError(try KeyFileCheck.verify(junk)) { XCTAssertEqual($0 as? KeyFileError, .notAPrivateKey(path: junk)) }
        let missing = directory.path + "/missing.pem"
        XCTAssertThrowsError(try KeyFileCheck.verify(missing)) { XCTAssertEqual($0 as? KeyFileError, .missing(path: missing)) }
    }
}
