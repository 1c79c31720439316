import Foundation
import Platform
import XCTest

/// moto_server's S3, seen from outside `ess` through boto3: buckets and objects made for a test,
/// and what a job left there read back.
extension MotoServer {
    /// The environment a master needs to use this server's S3 (its endpoint and the key).
    public var s3Environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKey.id, "AWS_SECRET_ACCESS_KEY": accessKey.secret, "AWS_REGION": Self.region,
            "AWS_ENDPOINT_URL_S3": endpoint, "AWS_MAX_ATTEMPTS": "2",
        ]
    }

    /// Runs a Python snippet with `s3` (a boto3 S3 client on this server, path-style) in scope;
    /// returns its standard output.
    @discardableResult
    public func s3(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let script = """
            import boto3, json, sys
            from botocore.config import Config
            s3 = boto3.client("s3", endpoint_url="\(endpoint)", region_name="\(Self.region)",
                              aws_access_key_id="\(accessKey.id)", aws_secret_access_key="\(accessKey.secret)",
                              config=Config(s3={"addressing_style": "path"}, max_pool_connections=32))
            \(body)
            """
        guard let outcome = try? ChildProcess.run("/usr/bin/env", ["python3", "-c", script]), outcome.status == 0 else {
            XCTFail("boto3 snippet failed: \(body)", file: file, line: line)
            return ""
        }
        return String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a bucket and puts `objects` (key → text) in it, many at once.
    public func makeBucket(_ bucket: String, objects: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) {
        let data = String(decoding: try! JSONSerialization.data(withJSONObject: objects, options: [.withoutEscapingSlashes]), as: UTF8.self)
        s3("""
            from concurrent.futures import ThreadPoolExecutor
            s3.create_bucket(Bucket=\(Self.pythonString(bucket)))
            objects = json.loads(\(Self.pythonString(data)))
            with ThreadPoolExecutor(16) as pool:
                list(pool.map(lambda kv: s3.put_object(Bucket=\(Self.pythonString(bucket)), Key=kv[0], Body=kv[1].encode()), objects.items()))
            """, file: file, line: line)
    }

    /// Every key in a bucket under `prefix`, in order.
    public func keys(_ bucket: String, prefix: String = "", file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let text = s3("""
            keys = []
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=\(Self.pythonString(bucket)), Prefix=\(Self.pythonString(prefix))):
                keys += [o["Key"] for o in page.get("Contents", [])]
            print(json.dumps(keys))
            """, file: file, line: line)
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
    }

    /// The objects under `prefix` with their texts (key → text).
    public func texts(_ bucket: String, prefix: String = "", file: StaticString = #filePath, line: UInt = #line) -> [String: String] {
        let text = s3("""
            out = {}
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=\(Self.pythonString(bucket)), Prefix=\(Self.pythonString(prefix))):
                for o in page.get("Contents", []):
                    out[o["Key"]] = s3.get_object(Bucket=\(Self.pythonString(bucket)), Key=o["Key"])["Body"].read().decode()
            print(json.dumps(out))
            """, file: file, line: line)
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]) ?? [:]
    }

    /// Puts `count` small objects `prefix` + a zero-padded number (`0000`, `0001`, …), each
    /// holding its own key, in one Python process.
    public func putNumberedObjects(bucket: String, prefix: String, count: Int, file: StaticString = #filePath, line: UInt = #line) {
        s3("""
            for n in range(\(count)):
                key = "\(prefix)%04d" % n
                s3.put_object(Bucket="\(bucket)", Key=key, Body=key.encode())
            """, file: file, line: line)
    }

    /// The keys in a bucket, sorted (every page).
    public func keys(bucket: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        keys(bucket, file: file, line: line)
    }

    /// A Python string literal (JSON's rules are a subset of Python's).
    static func pythonString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast().description
    }
}
