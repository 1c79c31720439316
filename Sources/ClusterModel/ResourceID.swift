/// Ids in EC2's shape: a prefix and 17 lowercase hex digits (`r-0a1b…`, `i-0a1b…`).
public enum ResourceID {
    public static func make(_ prefix: String, digits: Int = 17) -> String {
        let hex = Array("0123456789abcdef")
        var generator = SystemRandomNumberGenerator()
        return prefix + "-" + String((0..<digits).map { _ in hex[Int(generator.next() % 16)] })
    }
}
