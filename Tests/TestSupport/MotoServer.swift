import Foundation
import Platform
import XCTest

/// A real EC2-protocol server for the tests: `moto_server` on a free loopback port, started
/// and stopped by pid. `inspect` asks it questions through boto3 (which moto brings), so the
/// tests check what exists at the "cloud" independently of `ess`.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    public let pid: Int32
    public let log: String
    public static let region = "us-east-1"
    /// The folder made for the log when the caller gave none; removed by `stop()`.
    private let ownFolder: TemporaryDirectory?
    /// The access key `ess` and `inspect` use: the IAM user's under `.verifying`.
    public let accessKey: (id: String, secret: String)

    /// Whether moto checks the credentials and signature of each request.
    public enum Authentication: Sendable {
        /// Every request passes.
        case off
        /// Every request is checked, and no key exists: every call fails with AuthFailure.
        case rejectEveryKey
        /// A verifying endpoint, as EC2 is: the first 3 calls (unchecked) make an IAM user with an
        /// inline `ec2:*` policy and an access key; from then on every request must carry that
        /// key and a signature that moto recomputes from the request as it received it.
        case verifying
    }

    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment `ess` needs to talk to this server.
    public var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKey.id, "AWS_SECRET_ACCESS_KEY": accessKey.secret,
            "AWS_REGION": Self.region, "AWS_ENDPOINT_URL": endpoint, "AWS_MAX_ATTEMPTS": "2",
        ]
    }

    public static var isInstalled: Bool {
        (try? ChildProcess.run("/usr/bin/env", ["python3", "-c", "import moto.server, boto3"]))?.status == 0
    }

    /// Starts moto, logging to `folder` (a temporary one when nil), checking requests as
    /// `authentication` says; `environment` adds to moto's own.
    public init(folder: String? = nil, authentication: Authentication = .off, environment: [String: String] = [:]) throws {
        ownFolder = folder == nil ? TemporaryDirectory("ess-moto") : nil
        port = LoopbackPort.free()
        log = (folder ?? ownFolder!.path) + "/moto-\(port).log"
        var settings = environment
        switch authentication {
        case .off: break
        case .rejectEveryKey: settings["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        case .verifying: settings["INITIAL_NO_AUTH_ACTION_COUNT"] = "3"
        }
        let pid = try DetachedCommand.start(
            ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", "\(port)"], environment: settings, log: log)
        self.pid = pid
        let endpoint = "http://127.0.0.1:\(port)"
        do {
            var answering = false
            _ = eventually(within: 30, interval: 0.1) {
                answering = LoopbackPort.accepts(port: port)
                return answering || !ProcessTable.isAlive(pid)
            }
            guard answering else {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw TestFailure("moto_server did not answer on \(endpoint) within 30 s (is PyPI moto[server] installed?): \(text)")
            }
            accessKey = authentication == .verifying ? try Self.makeIAMUser(endpoint: endpoint) : ("AKIDESSTEST", "ess-test-secret-never-printed")
        } catch {
            if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
            ownFolder?.remove()
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
            throw TestFailure("moto's IAM did not make the test user: \(outcome.stderrText)")
        }
        return (words[0], words[1])
    }

    /// Stops exactly this moto_server, by pid.
    public func stop() {
        if ProcessTable.isAlive(pid) { ProcessTable.stop(pid) }
        ownFolder?.remove()
    }

    /// Runs a Python snippet with `ec2` (a boto3 client on this server) in scope; returns stdout.
    public func inspect(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
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
    public func essLeftovers() -> (instances: Int, keyPairs: Int, groups: Int) {
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
    public func makeSubnet(cidr: String) -> String {
        inspect("""
            vpc = ec2.create_vpc(CidrBlock="\(cidr)")["Vpc"]["VpcId"]
            print(ec2.create_subnet(VpcId=vpc, CidrBlock="\(cidr)")["Subnet"]["SubnetId"])
            """)
    }

    /// Private addresses of the live instances tagged with any ess cluster.
    public func privateAddresses() -> [String] {
        inspect("""
            tagged = [{"Name": "tag-key", "Values": ["ess:cluster"]}]
            for r in ec2.describe_instances(Filters=tagged)["Reservations"]:
                for i in r["Instances"]:
                    if i["State"]["Name"] != "terminated": print(i.get("PrivateIpAddress", ""))
            """).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// A free port on 127.0.0.1 (where nothing listens once it is closed again).
    public static func freePort() -> Int {
        LoopbackPort.free()
    }
}
