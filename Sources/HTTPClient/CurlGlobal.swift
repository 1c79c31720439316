import CCurl

/// `curl_global_init`, exactly once per process, before the first easy handle.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(ESS_CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func ensureInitialized() -> Bool { initialized }
}
