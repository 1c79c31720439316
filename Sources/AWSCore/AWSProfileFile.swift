import Foundation

/// An AWS shared config or credentials file: INI sections of `key = value`. In the config
/// file a profile's section is `[profile NAME]` (but `[default]`); in the credentials file `[NAME]`.
///
/// A key with no value followed by indented `key = value` lines is a nested section, as the
/// AWS CLI writes a service's settings:
/// ```
/// [default]
/// s3 =
///     addressing_style = path
/// ```
/// Those lines go into `nested[profile][key]`, not into the profile's own keys.
public struct AWSProfileFile: Sendable, Equatable {
    public var sections: [String: [String: String]]
    /// Per profile, per key with a nested section (`s3`), that section's keys and values.
    public var nested: [String: [String: [String: String]]]

    public init(sections: [String: [String: String]], nested: [String: [String: [String: String]]] = [:]) {
        self.sections = sections
        self.nested = nested
    }

    public init(text: String, isConfig: Bool) {
        var sections: [String: [String: String]] = [:]
        var nested: [String: [String: [String: String]]] = [:]
        var current: String?
        // The key of an empty `key =` line whose indented lines follow, while they do.
        var opened: String?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            let indented = raw.first == " " || raw.first == "\t"
            if !indented { opened = nil }
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
            if indented, let parent = opened {
                nested[section, default: [:]][parent, default: [:]][key] = value
                continue
            }
            sections[section, default: [:]][key] = value
            opened = value.isEmpty ? key : nil
        }
        self.sections = sections
        self.nested = nested
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
