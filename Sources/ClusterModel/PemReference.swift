/// The `pem` field: an absolute path, or a bare key name looked up as NAME.pem.
public enum PemReference {
    /// Refuses names that could reach outside the key folders.
    public static func validate(_ pem: String) throws {
        if pem.hasPrefix("/") {
            guard !pem.split(separator: "/").contains("..") else {
                throw StateProblem(field: "pem", expected: "an absolute path without `..`, found `\(pem.prefix(80))`")
            }
            return
        }
        try ClusterStateValidator.requireName(pem, field: "pem")
    }

    /// The file names to try, in order, for a pem value.
    public static func candidates(for pem: String, confDirectory: String, awsDirectory: String) -> [String] {
        if pem.hasPrefix("/") { return [pem] }
        let file = pem.hasSuffix(".pem") ? pem : pem + ".pem"
        return [confDirectory + "/" + file, awsDirectory + "/" + file]
    }
}
