import Foundation
import HTTPClient

/// One attempt at one delivery: the URL templated, the host checked (and the connection pinned
/// to the addresses checked), the body signed and POSTed over libcurl (connect 10 s, whole request 20 s, redirects not followed, TLS
/// verified), and what came back.
struct WebhookSender: Sendable {
    let hosts: HostGuard
    let connectTimeout: Double
    let timeout: Double

    struct Outcome: Sendable {
        var url: String
        var status: Int?
        var excerpt: String?
        var error: String?
        var milliseconds: Int
        var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    func send(url text: String, webhookID: String, secret: String, body: Data, now: Date) -> Outcome {
        let started = Date()
        func done(_ status: Int?, _ excerpt: String?, _ error: String?) -> Outcome {
            Outcome(url: text, status: status, excerpt: excerpt, error: error, milliseconds: Int(Date().timeIntervalSince(started) * 1000))
        }
        guard let url = URL(string: text), let host = url.host, ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
            return done(nil, nil, "the URL after templating is not an http or https URL")
        }
        var pinned: [String] = []
        switch hosts.check(host: host) {
        case .refused(let why): return done(nil, nil, "refused: host \(host) is \(why)")
        case .allowed(let addresses):
            // Connect to the addresses checked, not to what a second lookup might answer.
            let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
            let name = host.hasPrefix("[") ? host : (host.contains(":") ? "[\(host)]" : host)
            if !addresses.isEmpty { pinned = ["\(name):\(port):\(addresses.joined(separator: ","))"] }
        }
        let timestamp = Int(now.timeIntervalSince1970)
        let headers = [("content-type", "application/json"), ("user-agent", "ess-notify/1")]
            + WebhookSigner.headers(secret: secret, id: webhookID, timestamp: timestamp, body: body)
        let transport = CurlTransport(connectTimeout: connectTimeout, timeout: timeout, proxy: ProxySettings())
        do {
            var request = HTTPRequest(method: "POST", url: url, headers: headers.map { (name: $0.0, value: $0.1) }, body: body)
            request.pinned = pinned
            let response = try transport.send(request)
            let excerpt = String(decoding: response.body.prefix(512), as: UTF8.self)
            return done(response.status, excerpt.isEmpty ? nil : excerpt, nil)
        } catch {
            return done(nil, nil, "\(error)")
        }
    }
}
