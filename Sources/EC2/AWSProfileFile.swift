import Foundation

/// An AWS shared config or credentials file: INI sections of `key = value`. In the config
/// file a profile's section is `[profile NAME]` (but `[default]`); in the credentials file `[NAME]`.
public struct AWSProfileFile: Sendable, Equatable {
    public var sections: [String: [String: String]]

    public init(sections: [String: [String: String]]) {
        self.sections = sections
    }

    public init(text: String, isConfig: Bool) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if isConfig && name.hasPrefix("profile ") {
                    name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                } else if isConfig && name != "default" {
                    current = nil  // `[sso-session x]`, `[services x]`: not a profile.
                    continue
                }
                current = name
                sections[name, default: [:]] = sections[name] ?? [:]
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            sections[section, default: [:]][key] = value
        }
        self.sections = sections
    }

    /// Reads a file; nil when it does not exist.
    public static func load(_ path: String, isConfig: Bool) throws -> AWSProfileFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSConfigurationError.unreadableFile(path: path)
        }
        return AWSProfileFile(text: String(decoding: data, as: UTF8.self), isConfig: isConfig)
    }
}
