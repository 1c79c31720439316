import CCurl
import Foundation

/// One libcurl easy handle, reused request after request so that its connection cache keeps
/// connections alive.
///
/// Contract: the handle is made in `init` and freed only in `deinit`; it is not `Sendable` and
/// must be used by one thread at a time (`CurlTransport` guards it with a lock). Options that
/// hold for every request (timeouts, proxy, TCP_NODELAY, no signals) are set once in `init`;
/// `perform` sets the per-request ones and resets what the previous request changed.
final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let sink = ResponseSink()

    /// Timeouts in seconds; `proxy` as resolved from the environment; `caFile` the PEM
    /// certificates to trust instead of the system's.
    init(connectTimeout: Double, timeout: Double, proxy: ProxySettings, caFile: String? = nil, url: URL) throws {
        guard CurlGlobal.ensureInitialized(), let made = curl_easy_init() else {
            throw HTTPTransportError(kind: .other, url: url.absoluteString, detail: "libcurl could not be initialised", code: -1)
        }
        handle = made
        errorBuffer = .allocate(capacity: Int(ESS_CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(ESS_CURL_ERROR_SIZE))
        try check(ess_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), url)
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), url)
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_TCP_NODELAY, 1), url)
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), url)
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000)), url)
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000)), url)
        // Always set, so curl never reads the process environment on its own.
        try check(ess_curl_easy_setopt_string(handle, CURLOPT_PROXY, proxy.proxy(for: url) ?? ""), url)
        if let noProxy = proxy.noProxy {
            try check(ess_curl_easy_setopt_string(handle, CURLOPT_NOPROXY, noProxy), url)
        }
        if let caFile {
            try check(ess_curl_easy_setopt_string(handle, CURLOPT_CAINFO, caFile), url)
        }
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(ess_curl_easy_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody), url)
        try check(ess_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context), url)
        try check(ess_curl_easy_setopt_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader), url)
        try check(ess_curl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), url)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends one request and reads the whole response.
    func perform(_ request: HTTPRequest) throws -> HTTPResponse {
        let url = request.url
        sink.reset()
        errorBuffer[0] = 0
        try check(ess_curl_easy_setopt_string(handle, CURLOPT_URL, url.absoluteString), url)
        // A body goes with POST always, and with PUT, PATCH or DELETE when they have one.
        let method = request.method.uppercased()
        if method == "POST" || (!request.body.isEmpty && !["GET", "HEAD"].contains(method)) {
            try check(ess_curl_easy_setopt_long(handle, CURLOPT_POST, 1), url)
            try check(ess_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)), url)
            // COPYPOSTFIELDS copies, so the body need not outlive this call.
            if request.body.isEmpty {
                try check(ess_curl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, ""), url)
            } else {
                try request.body.withUnsafeBytes { bytes in
                    try check(ess_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!)), url)
                }
            }
        } else {
            try check(ess_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), url)
        }
        // A HEAD answer's headers announce a body that never comes: curl must not wait for it.
        try check(ess_curl_easy_setopt_long(handle, CURLOPT_NOBODY, method == "HEAD" ? 1 : 0), url)
        let custom = ["GET", "POST", "HEAD"].contains(method) ? nil : request.method
        try check(ess_curl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, custom), url)

        var list: UnsafeMutablePointer<curl_slist>?
        // An empty `Expect:` stops curl from waiting for 100-continue on larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            list = curl_slist_append(list, line)
        }
        defer { curl_slist_free_all(list) }
        try check(ess_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list), url)
        var pinned: UnsafeMutablePointer<curl_slist>?
        for entry in request.pinned { pinned = curl_slist_append(pinned, entry) }
        defer { curl_slist_free_all(pinned) }
        try check(ess_curl_easy_setopt_slist(handle, CURLOPT_RESOLVE, pinned), url)

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else { throw transportError(code, url) }
        var status = 0
        try check(ess_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), url)
        return HTTPResponse(status: status, headers: sink.headers(), body: sink.body)
    }

    private func check(_ code: CURLcode, _ url: URL) throws {
        guard code == CURLE_OK else { throw transportError(code, url) }
    }

    private func transportError(_ code: CURLcode, _ url: URL) -> HTTPTransportError {
        let buffered = String(cString: errorBuffer)
        let detail = buffered.isEmpty ? String(cString: curl_easy_strerror(code)) : buffered
        let kind: HTTPTransportError.Kind
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .resolve
        case CURLE_COULDNT_CONNECT: kind = .connect
        case CURLE_OPERATION_TIMEDOUT: kind = .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE: kind = .tls
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE: kind = .connectionLost
        default: kind = .other
        }
        var bare = URLComponents(url: url, resolvingAgainstBaseURL: false)
        bare?.query = nil
        return HTTPTransportError(kind: kind, url: bare?.string ?? url.absoluteString, detail: detail, code: Int(code.rawValue))
    }
}

/// Where the C callbacks put the response; owned by the handle, reset per request.
final class ResponseSink {
    var body = Data()
    var headerLines: [String] = []

    func reset() {
        body = Data()
        headerLines = []
    }

    /// The headers of the last response block (after any `100 Continue` or proxy answer).
    func headers() -> [String: String] {
        var result: [String: String] = [:]
        for line in headerLines {
            if line.hasPrefix("HTTP/") {
                result = [:]
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            result[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }
}

private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    sink.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: size * count)
    return size * count
}

private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let data, let context else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
    sink.headerLines.append(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    return size * count
}
