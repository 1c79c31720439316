import Foundation
import Platform
import XCTest

extension MotoServer {
    /// Runs a Python snippet with `s3` (a boto3 client on this server, path-style) in scope;
    /// returns stdout. The tests' independent view of the buckets, as `inspect` is of EC2.
    public func s3(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let script = """
            import boto3, botocore.config, json, sys
            s3 = boto3.client("s3", endpoint_url="\(endpoint)", region_name="\(Self.region)",
                              aws_access_key_id="\(accessKey.id)", aws_secret_access_key="\(accessKey.secret)",
                              config=botocore.config.Config(s3={"addressing_style": "path"}))
            \(body)
            """
        guard let outcome = try? ChildProcess.run("/usr/bin/env", ["python3", "-c", script]), outcome.status == 0 else {
            XCTFail("boto3 s3 snippet failed: \(body)", file: file, line: line)
            return ""
        }
        return String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a bucket.
    public func makeBucket(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        _ = s3("s3.create_bucket(Bucket=\"\(name)\")", file: file, line: line)
    }

    /// Puts `count` small objects `prefix` + a zero-padded number (`0000`, `0001`, …), each
    /// holding its own key, in one Python process.
    public func putNumberedObjects(bucket: String, prefix: String, count: Int, file: StaticString = #filePath, line: UInt = #line) {
        _ = s3("""
            for n in range(\(count)):
                key = "\(prefix)%04d" % n
                s3.put_object(Bucket="\(bucket)", Key=key, Body=key.encode())
            """, file: file, line: line)
    }

    /// The keys in a bucket, sorted, one a line (every page).
    public func keys(bucket: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        s3("""
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket="\(bucket)"):
                for item in page.get("Contents", []): print(item["Key"])
            """, file: file, line: line).split(separator: "\n").map(String.init)
    }
}
