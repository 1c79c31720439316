import Foundation
import Platform
import XCTest

/// A real EC2-protocol server for the tests: `moto_server` on a free loopback port, started
/// and stopped by pid. `inspect` asks it questions through boto3 (which moto brings), so the
/// tests check what exists at the "cloud" independently of `ess`.
final class MotoServer: @unchecked Sendable {
    let port: Int
    let pid: Int32
    let log: String
    static let region = "us-east-1"
    /// The access key `ess` and `inspect` use: the IAM user's under `.verifying`.
    let accessKey: (id: String, secret: String)

    /// Whether moto checks the credentials and signature of each request.
    enum Authentication {
        /// Every request passes.
        case off
        /// Every request is checked, and no key exists: every call fails with AuthFailure.
        case rejectEveryKey
        /// A verifying endpoint, as EC2 is: the first 3 calls (unchecked) make an IAM user with an
        /// inline `ec2:*` policy and an access key; from then on every request must carry that
        /// key and a signature that moto recomputes from the request as it received it.
        case verifying
    }

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment `ess` needs to talk to this server.
    var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKey.id, "AWS_SECRET_ACCESS_KEY": accessKey.secret,
            "AWS_REGION": Self.region, "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "2",
        ]
    }

    static var isInstalled: Bool {
        (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import moto.server, boto3"]))?.status == 0
    }

    init(folder: String, authentication: Authentication = .off) throws {
        port = Self.freePort()
        log = folder + "/moto-\(port).log"
        let auth = [Authentication.off: "", .rejectEveryKey: "INITIAL_NO_AUTH_ACTION_COUNT=0 ", .verifying: "INITIAL_NO_AUTH_ACTION_COUNT=3 "][authentication]!
        let pid = try ChildProcess.spawnDetached(
            "/bin/sh", ["-c", "\(auth)exec python3 -m moto.server -H 127.0.0.1 -p \(port) >\(log) 2>&1"])
        self.pid = pid
        do {
            let deadline = Date().addingTimeInterval(30)
            while !Self.accepts(port: port) {
                guard Date() < deadline, ProcessTable.isAlive(pid) else {
                    throw Self.failure("moto_server did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                }
                usleep(100_000)
            }
            accessKey = authentication == .verifying ? try Self.makeIAMUser(endpoint: "http://127.0.0.1:\(port)") : ("AKIDESSTEST", "ess-test-secret-never-printed")
        } catch {
            if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
            throw error
        }
    }

    /// The 3 unchecked calls: CreateUser, PutUserPolicy (`ec2:*` on everything), CreateAccessKey.
    private static func makeIAMUser(endpoint: String) throws -> (id: String, secret: String) {
        let script = """
            import boto3, json
            iam = boto3.client("iam", endpoint_url="\(endpoint)", region_name="\(region)",
                               aws_access_key_id="x", aws_secret_access_key="x")
            iam.create_user(UserName="ess-tester")
            iam.put_user_policy(UserName="ess-tester", PolicyName="ec2-all", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="ess-tester")["AccessKey"]
            print(key["AccessKeyId"], key["SecretAccessKey"])
            """
        let outcome = try ChildProcess.run("/usr/bin/env", ["python3", "-c", script])
        let words = String(decoding: outcome.stdout, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        guard outcome.status == 0, words.count == 2 else {
            throw failure("moto's IAM did not make the test user: \(outcome.stderrText)")
        }
        return (words[0], words[1])
    }

    private static func failure(_ text: String) -> NSError {
        NSError(domain: "moto", code: 1, userInfo: [NSLocalizedDescriptionKey: text])
    }

    func stop() {
        if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
    }

    /// Runs a Python snippet with `ec2` (a boto3 client on this server) in scope; returns stdout.
    func inspect(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let script = """
            import boto3, json, sys
            ec2 = boto3.client("ec2", endpoint_url="\(endpoint)", region_name="\(Self.region)",
                               aws_access_key_id="\(accessKey.id)", aws_secret_access_key="\(accessKey.secret)")
            \(body)
            """
        guard let outcome = try? ChildProcess.run("/usr/bin/env", ["python3", "-c", script]), outcome.status == 0 else {
            XCTFail("boto3 snippet failed: \(body)", file: file, line: line)
            return ""
        }
        return String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Live (not terminated) instances, key pairs and security groups carrying an `ess:cluster` tag.
    func essLeftovers() -> (instances: Int, keyPairs: Int, groups: Int) {
        let text = inspect("""
            tagged = [{"Name": "tag-key", "Values": ["ess:cluster"]}]
            live = [i for r in ec2.describe_instances(Filters=tagged)["Reservations"] for i in r["Instances"] if i["State"]["Name"] != "terminated"]
            keys = [k for k in ec2.describe_key_pairs()["KeyPairs"] if k["KeyName"].startswith("ess-")]
            groups = [g for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"].startswith("ess-")]
            print(len(live), len(keys), len(groups))
            """)
        let numbers = text.split(separator: " ").compactMap { Int($0) }
        guard numbers.count == 3 else { return (-1, -1, -1) }
        return (numbers[0], numbers[1], numbers[2])
    }

    /// Makes a VPC and a subnet with a known CIDR; returns the subnet id.
    func makeSubnet(cidr: String) -> String {
        inspect("""
            vpc = ec2.create_vpc(CidrBlock="\(cidr)")["Vpc"]["VpcId"]
            print(ec2.create_subnet(VpcId=vpc, CidrBlock="\(cidr)")["Subnet"]["SubnetId"])
            """)
    }

    /// Private addresses of the live instances tagged with any ess cluster.
    func privateAddresses() -> [String] {
        inspect("""
            tagged = [{"Name": "tag-key", "Values": ["ess:cluster"]}]
            for r in ec2.describe_instances(Filters=tagged)["Reservations"]:
                for i in r["Instances"]:
                    if i["State"]["Name"] != "terminated": print(i.get("PrivateIpAddress", ""))
            """).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                bind(fd, pointer, length)
                return getsockname(fd, pointer, &length)
            }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
