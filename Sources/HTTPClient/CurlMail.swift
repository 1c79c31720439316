import CCurl
import Foundation

/// Sends one mail message over SMTP with libcurl: `smtp://host:port` (STARTTLS when the server
/// offers it, required with `requireTLS`) or `smtps://`. The password is handed to curl only;
/// it never appears in an error. One handle per message, freed before returning.
public enum CurlMail {
    /// Where and as whom to send.
    public struct Server: Sendable {
        public var url: String
        public var from: String
        public var username: String?
        public var password: String?
        public var requireTLS: Bool
        public var timeout: Double

        public init(url: String, from: String, username: String? = nil, password: String? = nil, requireTLS: Bool = false, timeout: Double = 20) {
            self.url = url
            self.from = from
            self.username = username
            self.password = password
            self.requireTLS = requireTLS
            self.timeout = timeout
        }
    }

    /// Sends `message` (headers, a blank line, the body, CRLF line ends) to `recipients`.
    public static func send(_ message: Data, to recipients: [String], via server: Server) throws {
        let url = URL(string: server.url) ?? URL(fileURLWithPath: "/")
        guard CurlGlobal.ensureInitialized(), let handle = curl_easy_init() else {
            throw HTTPTransportError(kind: .other, url: server.url, detail: "libcurl could not be initialised", code: -1)
        }
        defer { curl_easy_cleanup(handle) }
        let source = MessageSource(message)
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        var codes = [
            ess_curl_easy_setopt_string(handle, CURLOPT_URL, server.url),
            ess_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            ess_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 10_000),
            ess_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(server.timeout * 1000)),
            ess_curl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(server.from)>"),
            ess_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, list),
            ess_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1),
            ess_curl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count)),
            ess_curl_easy_setopt_callback(handle, CURLOPT_READFUNCTION, curlReadMessage),
            ess_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(source).toOpaque()),
            ess_curl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(server.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue)),
        ]
        if let username = server.username { codes.append(ess_curl_easy_setopt_string(handle, CURLOPT_USERNAME, username)) }
        if let password = server.password { codes.append(ess_curl_easy_setopt_string(handle, CURLOPT_PASSWORD, password)) }
        if let bad = codes.first(where: { $0 != CURLE_OK }) { throw failure(bad, server.url) }
        let code = curl_easy_perform(handle)
        withExtendedLifetime(source) {}
        guard code == CURLE_OK else { throw failure(code, url.absoluteString) }
    }

    private static func failure(_ code: CURLcode, _ url: String) -> HTTPTransportError {
        let kind: HTTPTransportError.Kind = code == CURLE_COULDNT_CONNECT ? .connect : code == CURLE_OPERATION_TIMEDOUT ? .timeout : .other
        return HTTPTransportError(kind: kind, url: url, detail: String(cString: curl_easy_strerror(code)), code: Int(code.rawValue))
    }
}

/// The message curl reads, a piece at a time.
final class MessageSource {
    let bytes: [UInt8]
    var offset = 0

    init(_ data: Data) { bytes = [UInt8](data) }
}

private func curlReadMessage(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    let source = Unmanaged<MessageSource>.fromOpaque(context).takeUnretainedValue()
    let length = min(size * count, source.bytes.count - source.offset)
    guard length > 0 else { return 0 }
    source.bytes.withUnsafeBufferPointer { all in
        UnsafeMutableRawPointer(buffer).copyMemory(from: all.baseAddress! + source.offset, byteCount: length)
    }
    source.offset += length
    return length
}
