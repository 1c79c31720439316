/// How an S3 request names its bucket: in the host (`bucket.s3.REGION.amazonaws.com/key`,
/// virtual-hosted, AWS's default) or in the path (`endpoint/bucket/key`, what a local
/// endpoint such as moto_server or MinIO needs).
public enum S3AddressingStyle: String, Sendable, Equatable {
    case virtualHosted = "virtual"
    case path
}
