import Foundation

extension AWSConfiguration {
    /// S3's endpoint in `region`: `https://s3.REGION.amazonaws.com`.
    public static func defaultS3Endpoint(region: String) -> URL {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://s3.\(region).\(suffix)")!
    }

    /// The first of `variables` that is set, as an http(s) URL, with the variable's name; nil
    /// when none is set. A value that is not such a URL is an error naming the variable.
    static func endpoint(_ variables: [String], in env: (String) -> String?) throws -> (URL, String)? {
        for name in variables {
            guard let value = env(name) else { continue }
            guard let url = URL(string: value), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw AWSConfigurationError.invalidEndpoint(variable: name, value: value)
            }
            return (url, name)
        }
        return nil
    }

    /// S3's endpoint and addressing style: `AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL` (both
    /// path-style), else AWS's regional endpoint, path-style when the profile's nested `s3`
    /// section says `addressing_style = path`, virtual-hosted otherwise.
    static func resolveS3(
        env: (String) -> String?, nested: [String: String]?, profile: String, configPath: String, region: String
    ) throws -> (endpoint: URL, style: S3AddressingStyle) {
        var style = S3AddressingStyle.virtualHosted
        if let value = nested?["addressing_style"]?.lowercased(), !value.isEmpty {
            switch value {
            case "path": style = .path
            case "virtual", "auto": style = .virtualHosted
            default:
                throw AWSConfigurationError.invalidAddressingStyle(value: value, source: "`s3.addressing_style` of profile `\(profile)` in \(configPath)")
            }
        }
        if let (url, _) = try endpoint(["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"], in: env) {
            return (url, .path)
        }
        return (defaultS3Endpoint(region: region), style)
    }
}
