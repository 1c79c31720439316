import Foundation
import JobAPI
import Platform
import TestSupport
import XCTest

/// The Xplenty dialect through the real `ess serve` binary and the curl program: a master
/// serving TLS writes https in its `url` fields; forms and Xplenty's list parameters reach it
/// as they reach the routes in process (XplentyRoutesTests). The master is stopped by its pid.
final class XplentyServeTests: XCTestCase {
    var ess: EssHarness!
    var master: EssMaster?

    override func setUp() { ess = EssHarness("ess-xplenty-serve") }

    override func tearDown() {
        master?.stop()
        ess.cleanUp()
    }

    func testATLSMasterWritesHTTPSURLsAndTakesFormsAndXplentysListParameters() throws {
        let made = try SelfSignedCertificate(in: ess.root)
        let master = try EssMaster(ess, arguments: ["--tls-cert", made.certificate, "--tls-key", made.key])
        self.master = master
        XCTAssertTrue(master.url.hasPrefix("https://127.0.0.1:"), master.url)
        /// curl with the token from a file and the master's certificate trusted: the status and body.
        func curl(_ path: String, _ arguments: [String] = []) throws -> (status: String, body: Data) {
            let outcome = try ChildProcess.run("/usr/bin/env", [
                "curl", "-sS", "--max-time", "20", "--cacert", made.certificate, "-w", "\n%{http_code}",
            ] + ess.curlTokenArguments() + arguments + [master.url + path])
            let text = String(decoding: outcome.stdout, as: UTF8.self)
            let status = text.split(separator: "\n").last.map(String.init) ?? ""
            return (status, Data(text.dropLast(status.count + 1).utf8))
        }
        let spec = #"{"name":"count","command":"echo {start} {who}","variables":{"who":"me"},"inputs":{"range":{"start":1,"end":4}}}"#
        XCTAssertEqual(try curl("/v1/jobs?start=false", ["-H", "Content-Type: application/json", "--data-binary", spec]).status, "201")

        let packages = try curl("/acme/api/packages")
        XCTAssertEqual(packages.status, "200")
        let urls = try JSONDecoder().decode([XplentyPackageDocument].self, from: packages.body).map(\.url)
        XCTAssertEqual(urls, [master.url + "/acme/api/packages/1"], "https, as the master serves")

        // Forms as curl's -d sends them: a bad field is Xplenty's 400 naming it; nothing starts.
        for (form, field) in [(["-d", "job[package_id]=one"], "package_id"), (["-d", "job[package_id]=1", "-d", "job[colour]=red"], "colour")] {
            let refused = try curl("/acme/api/jobs", form)
            XCTAssertEqual(refused.status, "400", "\(form)")
            let message = try JSONDecoder().decode(XplentyErrorDocument.self, from: refused.body).message
            XCTAssertTrue(message.contains("`\(field)`"), message)
        }
        let cluster = try curl("/acme/api/clusters", ["-d", "cluster[type]=sandbox", "-d", "cluster[nodes]=two"])
        XCTAssertEqual(cluster.status, "400")
        XCTAssertTrue(try JSONDecoder().decode(XplentyErrorDocument.self, from: cluster.body).message.contains("`nodes`"))
        let resize = try curl("/acme/api/clusters/0", ["-X", "PUT", "-d", "cluster[terminate_on_idle]=maybe"])
        XCTAssertEqual(resize.status, "400")
        XCTAssertTrue(try JSONDecoder().decode(XplentyErrorDocument.self, from: resize.body).message.contains("`terminate_on_idle`"))

        for (query, status) in [
            ("?sort=updated&direction=asc&since=2000-01-01T00:00:00Z&status=all&package_id=1", "200"), ("?sort=size", "400"),
            ("?direction=sideways", "400"), ("?since=tomorrow", "400"),
        ] {
            XCTAssertEqual(try curl("/acme/api/jobs" + query).status, status, "jobs\(query)")
            XCTAssertEqual(try curl("/acme/api/clusters" + query.replacingOccurrences(of: "&package_id=1", with: "")).status, status, "clusters\(query)")
        }
        XCTAssertEqual(try JSONDecoder().decode([XplentyJobDocument].self, from: try curl("/acme/api/jobs").body).count, 0, "no job was started")
        XCTAssertEqual(try JSONDecoder().decode([ClusterDocument].self, from: try curl("/v1/clusters").body).count, 0, "no cluster was made")
    }
}
