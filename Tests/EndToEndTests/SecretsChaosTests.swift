import Foundation
import Platform
import TestSupport
import XCTest

/// Issue 5, part 9: the AWS secret key, the session token and the cluster's private key never
/// appear in anything ess prints, at any verbosity, nor in any file ess or its nodes write
/// (reservation.json and its backup, the cluster registry, known_hosts, the nodes' sshd logs).
/// Full size: every command also runs a second time with `--json`.
final class SecretsChaosTests: XCTestCase {
    static let secret = "ess-chaos-secret-9f3c1d7e2b5a"
    static let token = "ess-chaos-session-token-IQoJb3JpZ2luX2VjEJr-never-printed"

    /// Everything captured: every run's stdout and stderr, and the files read afterwards.
    final class Capture {
        var texts: [(String, String)] = []
        var runs = 0

        func add(_ label: String, _ run: EssHarness.Run) {
            runs += 1
            texts.append(("\(label) stdout", run.stdout))
            texts.append(("\(label) stderr", run.stderr))
        }

        /// Adds every regular file under `folder` except the private key files themselves.
        func addFiles(under folder: String, except isKey: (String) -> Bool) {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
            for case let relative as String in walker {
                let path = folder + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue, !isKey(path),
                    let data = FileManager.default.contents(atPath: path)
                else { continue }
                texts.append((path, String(decoding: data, as: UTF8.self)))
            }
        }

        var bytes: Int { texts.reduce(0) { $0 + $1.1.utf8.count } }

        /// Where each needle was found.
        func leaks(of needles: [String: String]) -> [String] {
            var found: [String] = []
            for (name, needle) in needles.sorted(by: { $0.key < $1.key }) where !needle.isEmpty {
                for (label, text) in texts where text.contains(needle) { found.append("\(name) in \(label)") }
            }
            return found
        }
    }

    /// The strings that would betray a private key file: each line of its base64 body that carries
    /// private bytes (the first lines hold only the format's header and the public key), and the raw
    /// ed25519 seed and private key as base64 and hex.
    static func keyNeedles(pemPath: String) throws -> [String: String] {
        let text = try String(contentsOfFile: pemPath, encoding: .utf8)
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
        let blob = try XCTUnwrap(Data(base64Encoded: body.joined()))
        var parser = OpenSSHKeyBlob(blob)
        let (secretKey, offset) = try XCTUnwrap(parser.ed25519PrivateKey(), "an unencrypted ed25519 key")
        var needles: [String: String] = [:]
        var start = 0
        for (index, line) in body.enumerated() {
            let bytes = (start * 3 / 4)..<((start + line.count) * 3 / 4)
            if bytes.overlaps(offset..<(offset + secretKey.count)) { needles["pem line \(index + 1)"] = line }
            start += line.count
        }
        XCTAssertGreaterThanOrEqual(needles.count, 2, "the private bytes span lines of the body")
        XCTAssertTrue(needles.values.allSatisfy { text.contains($0) }, "the scan finds them where they are: in the key file")
        let seed = secretKey.prefix(32)
        needles["seed base64"] = seed.base64EncodedString()
        needles["seed hex"] = seed.map { String(format: "%02x", $0) }.joined()
        needles["private key base64"] = secretKey.base64EncodedString()
        needles["private key hex"] = secretKey.map { String(format: "%02x", $0) }.joined()
        return needles
    }

    func keyFiles(_ ess: EssHarness) throws -> [String] {
        let keys = ess.aws + "/ess/keys"
        return try FileManager.default.contentsOfDirectory(atPath: keys).filter { $0.hasSuffix(".pem") }.map { keys + "/" + $0 }
    }

    func testEC2LifecycleVerboseLeaksNoSecretKeyTokenOrPrivateKey() throws {
        let bed = try EC2TestBed("ess-chaos-secrets-ec2", environment: ["AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": Self.token])
        defer { bed.tearDown() }
        let ess = bed.ess
        let capture = Capture()
        let variants = Chaos.size(ci: [["-v"]], full: [["-v"], ["-v", "--json"]])
        func run(_ arguments: [String], expect status: Int32? = 0, environment: [String: String] = [:]) {
            let result = ess.run(arguments, timeout: 120, environment: environment)
            if let status { XCTAssertEqual(result.status, status, "ess \(arguments.joined(separator: " ")): \(result.stderr)") }
            capture.add(arguments.joined(separator: " "), result)
        }
        run(["cluster", "create", "--number=2", "--type=t3.micro", "--provider", "ec2", "--no-wait", "-v"])
        var needles = try Self.keyNeedles(pemPath: try XCTUnwrap(try keyFiles(ess).first))
        run(["cluster", "create", "--add", "--number=1", "--type=t3.micro", "--no-wait", "-v"])
        for variant in variants {
            let json = variant.contains("--json")
            run(["cluster", "status"] + variant)
            run(["cluster", "list"] + variant)
            if !json {
                run(["cluster", "iplist"] + variant)
                run(["cluster", "ssh-config"] + variant)
            }
            run(["cluster", "run", "true", "--connect-timeout", "1"] + variant, expect: nil)
        }
        // Error paths: a server that refuses the key, one that is not there, a type it lacks.
        let strict = try MotoServer(folder: ess.root, authentication: .rejectEveryKey)
        defer { strict.stop() }
        run(["cluster", "status", "-v"], expect: nil, environment: ["AWS_ENDPOINT_URL": strict.endpoint])
        run(["cluster", "create", "--add", "--number=1", "--no-wait", "-v"], expect: nil, environment: ["AWS_ENDPOINT_URL": strict.endpoint])
        run(["cluster", "status", "-v"], expect: nil, environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(LoopbackPort.free())"])
        run(["cluster", "create", "--add", "--number=1", "--type=m9.gigantic", "--no-wait", "-v"], expect: nil)
        // The credentials CSV path, with the same secret.
        let csv = ess.root + "/credentials.csv"
        try "User Name,Access Key Id,Secret Access Key\nalice,AKIDFROMCSV,\(Self.secret)\n".write(toFile: csv, atomically: true, encoding: .utf8)
        run(["cluster", "status", "-v", "--credentials", csv], environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])

        let keys = Set(try keyFiles(ess))
        capture.addFiles(under: ess.work) { _ in false }
        capture.addFiles(under: ess.aws) { keys.contains($0) }
        run(["cluster", "terminate", "--all", "-y", "-v"])
        XCTAssertEqual(bed.moto.essLeftovers().instances, 0)
        // moto's log is the server's, not ess's: checked all the same, for what ess put in URLs.
        capture.addFiles(under: ess.root) { keys.contains($0) || $0.hasSuffix(".pem") || $0.hasSuffix(".csv") }

        needles["secret access key"] = Self.secret
        needles["session token"] = Self.token
        let leaks = capture.leaks(of: needles)
        XCTAssertEqual(leaks, [], "secrets leaked")
        XCTAssertTrue(capture.texts.contains { $0.1.contains("ec2 call") }, "-v really logged the calls")
        Chaos.figure("secrets_ec2_verbose", "\(capture.runs) runs + files, \(capture.bytes) bytes scanned for the secret key, session token and \(needles.count - 2) private-key strings: \(leaks.count) found")
    }

    func testLocalVerboseLeaksNoPrivateKey() throws {
        let ess = EssHarness("ess-chaos-secrets")
        defer { ess.cleanUp() }
        let capture = Capture()
        func run(_ arguments: [String]) {
            let result = ess.run(arguments, timeout: 120)
            XCTAssertEqual(result.status, 0, "ess \(arguments.joined(separator: " ")): \(result.stderr)")
            capture.add(arguments.joined(separator: " "), result)
        }
        run(["cluster", "create", "--number=2", "-v"])
        let needles = try Self.keyNeedles(pemPath: try XCTUnwrap(try keyFiles(ess).first))
        try ess.writeSyncPackage(version: "1.0")
        let variants = Chaos.size(ci: [["-v"]], full: [["-v"], ["-v", "--json"]])
        for variant in variants {
            run(["cluster", "status"] + variant)
            run(["cluster", "run", "echo hello"] + variant)
            run(["cluster", "sync"] + variant)
            run(["cluster", "list"] + variant)
        }
        run(["cluster", "ssh-config", "-v"])
        run(["cluster", "ssh", "1", "-v", "--", "true"])
        let keys = Set(try keyFiles(ess))
        capture.addFiles(under: ess.work) { _ in false }
        capture.addFiles(under: ess.aws) { keys.contains($0) }
        let leaks = capture.leaks(of: needles)
        XCTAssertEqual(leaks, [], "the private key leaked")
        Chaos.figure("secrets_local_verbose", "\(capture.runs) runs + files, \(capture.bytes) bytes scanned for \(needles.count) private-key strings: \(leaks.count) found")
    }
}

/// Just enough of the `openssh-key-v1` format to reach an unencrypted key's private half.
struct OpenSSHKeyBlob {
    private var bytes: [UInt8]
    private var at = 0

    init(_ data: Data) { bytes = [UInt8](data) }

    /// The 64-byte ed25519 private key (seed + public half) and where it starts in the blob, or nil
    /// when the blob is not an unencrypted ed25519 key.
    mutating func ed25519PrivateKey() -> (Data, Int)? {
        let magic = Array("openssh-key-v1\0".utf8)
        guard bytes.starts(with: magic) else { return nil }
        at = magic.count
        guard let cipher = string(), cipher == Array("none".utf8), string() != nil, string() != nil,
            uint32() == 1, string() != nil, let privateBlock = string()
        else { return nil }
        let blockStart = at - privateBlock.count
        var inner = OpenSSHKeyBlob(Data(privateBlock))
        guard inner.uint32() != nil, inner.uint32() != nil, inner.string() == Array("ssh-ed25519".utf8),
            inner.string() != nil, let secret = inner.string(), secret.count == 64
        else { return nil }
        return (Data(secret), blockStart + inner.at - secret.count)
    }

    private mutating func uint32() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        defer { at += 4 }
        return bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private mutating func string() -> [UInt8]? {
        guard let length = uint32().map(Int.init), at + length <= bytes.count else { return nil }
        defer { at += length }
        return Array(bytes[at..<at + length])
    }
}
