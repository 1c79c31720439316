@testable import ClusterModel
import Foundation
import XCTest

final class ClusterStateCodecTests: XCTestCase {
    let valid = """
        {"schema": 1, "provider": "local", "cluster_id": "ess-1a2b3c4d", "region": "local",
         "key_name": "ess-1a2b3c4d", "pem": "/root/.aws/ess/keys/ess-1a2b3c4d.pem", "user": "root",
         "security_group": "ess-1a2b3c4d",
         "reservations": [{"id": "r-0aaaaaaaaaaaaaaaa", "type": "m3.medium", "created_at": "2026-11-23T09:00:00Z",
           "nodes": [{"id": "i-0bbbbbbbbbbbbbbbb", "type": "m3.medium", "state": "reachable", "private_ip": "127.64.0.2",
                      "public_ip": "127.64.0.2", "port": 22,
                      "host_key": {"type": "ssh-ed25519", "base64": "AAAA", "fingerprint": "SHA256:abc"}, "version": "1.0"}]}]}
        """

    /// Decodes as ess does, with a stand-in for the providers' default users.
    func decode(_ text: String) throws -> ClusterState {
        try ClusterStateCodec.decode(Data(text.utf8)) { "\($0.rawValue)-default" }
    }

    func problem(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> StateProblem? {
        do {
            _ = try decode(text)
            XCTFail("expected a problem for: \(text.prefix(80))", file: file, line: line)
            return nil
        } catch let problem as StateProblem {
            return problem
        } catch {
            XCTFail("expected a StateProblem, got \(error)", file: file, line: line)
            return nil
        }
    }

    func testDuplicateKeysAreRefusedWithTheirLine() throws {
        let twice = valid.replacingOccurrences(of: "\"user\": \"root\",", with: "\"user\": \"root\",\n \"user\": \"admin\",")
        XCTAssertEqual(problem(twice)?.field, "(line 3)")
        XCTAssertTrue(problem(twice)?.expected.contains("`user` appears twice") == true)
        // In a nested object too; the same key in two sibling objects is fine, as are keys
        // that only look alike inside strings.
        let nested = valid.replacingOccurrences(of: "\"port\": 22,", with: "\"port\": 22, \"port\": 23,")
        XCTAssertTrue(problem(nested)?.expected.contains("`port` appears twice") == true)
        XCTAssertNoThrow(try decode(valid))
        XCTAssertNil(DuplicateKeyScan.first(in: Data(#"{"a": {"k": 1}, "b": {"k": "\"k\": 2"}, "c": ["k", "k"]}"#.utf8)))
        XCTAssertEqual(DuplicateKeyScan.first(in: Data(#"{"a": [{"x": 1, "x\"": 2, "x": 3}]}"#.utf8))?.key, "x")
    }

    func testFullSchemaRoundTrips() throws {
        let state = try decode(valid)
        XCTAssertEqual(state.provider, .local)
        XCTAssertEqual(state.nodes.count, 1)
        XCTAssertEqual(state.nodes[0].hostKey?.fingerprint, "SHA256:abc")
        XCTAssertEqual(state.reservations[0].createdAt, ISO8601DateFormatter().date(from: "2026-11-23T09:00:00Z"))
        let again = try ClusterStateCodec.decode(try ClusterStateCodec.encode(state))
        XCTAssertEqual(again, state)
    }

    func testAMissingUserIsTheProvidersDefault() throws {
        let state = try decode(#"{"schema": 1, "provider": "ec2", "cluster_id": "c1"}"#)
        XCTAssertEqual(state.user, "ec2-default")
        XCTAssertTrue(state.reservations.isEmpty)
        XCTAssertThrowsError(try ClusterStateCodec.decode(Data(#"{"schema": 1, "provider": "ec2", "cluster_id": "c1"}"#.utf8))) {
            XCTAssertEqual(($0 as? StateProblem)?.field, "user")
        }
    }

    func testEssentiaCustomForm() throws {
        let state = try decode(#"{"id": "lab", "pem": "labkey", "ip_list": ["10.0.0.5", "10.0.0.6:2222"], "user": "ubuntu"}"#)
        XCTAssertEqual(state.provider, .custom)
        XCTAssertEqual(state.user, "ubuntu")
        XCTAssertEqual(state.pem, "labkey")
        XCTAssertEqual(state.nodes.map(\.port), [22, 2222])
        XCTAssertEqual(state.nodes.map(\.privateAddress), ["10.0.0.5", "10.0.0.6"])
        let noPem = try decode(#"{"id": "lab", "ip_list": ["h1.example"]}"#)
        XCTAssertNil(noPem.pem)
        XCTAssertEqual(noPem.user, "custom-default")
    }

    func testErrorsNameTheField() {
        XCTAssertEqual(problem("")?.expected, "a JSON object; the file is empty")
        XCTAssertEqual(problem(String(valid.prefix(120)))?.field, "(syntax)")
        XCTAssertEqual(problem("[1, 2]")?.field, "(file)")
        XCTAssertEqual(problem(#"{"schema": "one", "provider": "local", "cluster_id": "c"}"#)?.field, "schema")
        XCTAssertEqual(problem(#"{"schema": 7, "provider": "local", "cluster_id": "c"}"#)?.field, "schema")
        XCTAssertTrue(problem(#"{"schema": 7, "provider": "local", "cluster_id": "c"}"#)?.expected.contains("newer ess") ?? false)
        XCTAssertEqual(problem(#"{"schema": 1, "provider": "mars", "cluster_id": "c"}"#)?.field, "provider")
        XCTAssertEqual(problem(#"{"schema": 1, "provider": "local"}"#)?.field, "cluster_id")
        XCTAssertEqual(problem(#"{"schema": 1, "provider": "local", "cluster_id": "a b"}"#)?.field, "cluster_id")
        XCTAssertEqual(problem(#"{"schema": 1, "provider": "local", "cluster_id": "c", "pem": "../../etc/shadow"}"#)?.field, "pem")
        XCTAssertEqual(problem(#"{"schema": 1, "provider": "local", "cluster_id": "c", "pem": "/a/../b"}"#)?.field, "pem")
        XCTAssertEqual(problem(#"{"id": "x", "pem": "../k", "ip_list": ["1.2.3.4"]}"#)?.field, "pem")
        XCTAssertEqual(problem(#"{"id": "x", "ip_list": ["1.2.3.4; rm -rf /"]}"#)?.field, "ip_list[0]")
        XCTAssertEqual(problem(#"{"id": "x", "ip_list": [5]}"#)?.field, "ip_list[0]")
    }

    func testNodeProblems() throws {
        func node(_ fields: String) -> String {
            #"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": [{"id": "r-1", "type": "t", "nodes": [{"id": "i-1", "type": "t", "state": "running", "private_ip": "127.0.0.2", "port": 22 \#(fields)}]}]}"#
        }
        XCTAssertNoThrow(try decode(node("")))
        XCTAssertEqual(problem(node(#", "port": 70000"#).replacingOccurrences(of: #""port": 22 ,"#, with: ""))?.field, "reservations[0].nodes[0].port")
        XCTAssertEqual(problem(node(#", "state": "dancing""#).replacingOccurrences(of: #""state": "running", "#, with: ""))?.field, "reservations[0].nodes[0].state")
        XCTAssertEqual(problem(node("").replacingOccurrences(of: #""port": 22"#, with: #""port": 99999999999999999999999"#))?.field.hasPrefix("reservations[0].nodes[0]"), true)
        XCTAssertEqual(problem(node("").replacingOccurrences(of: "127.0.0.2", with: "127.0.0.2 -oProxyCommand=x"))?.field, "reservations[0].nodes[0].private_ip")
        let twice = #"{"schema": 1, "provider": "local", "cluster_id": "c", "reservations": [{"id": "r-1", "type": "t", "nodes": []}, {"id": "r-1", "type": "t", "nodes": []}]}"#
        XCTAssertEqual(problem(twice)?.field, "reservations[1].id")
        let unicode = #"{"schema": 1, "provider": "local", "cluster_id": "clüster"}"#
        XCTAssertEqual(problem(unicode)?.field, "cluster_id")
    }

    func testHostAddressSplit() {
        XCTAssertEqual(HostAddress.split("10.0.0.1")?.port, 22)
        XCTAssertEqual(HostAddress.split("10.0.0.1:2200")?.port, 2200)
        XCTAssertEqual(HostAddress.split("[::1]:2200")?.host, "::1")
        XCTAssertNil(HostAddress.split("10.0.0.1:0"))
        XCTAssertNil(HostAddress.split("10.0.0.1:x"))
        XCTAssertFalse(HostAddress.isPlausible("-oProxyCommand"))
    }

    /// What is printed, written to known_hosts or put on a command line is refused when it is not plain text.
    func testNodeFieldsThatReachTerminalsFilesAndShellsAreChecked() {
        let cases: [(String, String, String)] = [
            (#""type": "m3.medium", "state""#, #""type": "\u001b[2J", "state""#, "reservations[0].nodes[0].type"),
            (#""base64": "AAAA""#, #""base64": "AAAA\n* ssh-ed25519 AAAAevil""#, "reservations[0].nodes[0].host_key.base64"),
            (#""fingerprint": "SHA256:abc""#, #""fingerprint": "MD5:ab:cd""#, "reservations[0].nodes[0].host_key.fingerprint"),
            (#""version": "1.0""#, #""version": "$(reboot)""#, "reservations[0].nodes[0].version"),
            (#""region": "local""#, #""region": "us-east-1.evil.example/x""#, "region"),
            (#""port": 22"#, #""port": 22.5"#, "reservations[0].nodes[0].port"),
            (#""created_at": "2026-11-23T09:00:00Z""#, #""created_at": "yesterday""#, "reservations[0].created_at"),
        ]
        for (good, bad, field) in cases {
            XCTAssertTrue(valid.contains(good), good)
            XCTAssertEqual(problem(valid.replacingOccurrences(of: good, with: bad))?.field, field, bad)
        }
    }

    func testDeepNestingIsNamedWithItsLine() {
        let text = valid.replacingOccurrences(of: #""region": "local""#, with: #""x": "# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600))
        let found = problem(text)
        XCTAssertEqual(found?.field, "(syntax)")
        XCTAssertTrue(found?.expected.contains("nested more than 512 levels deep at line 1") ?? false, found?.expected ?? "")
    }
}
