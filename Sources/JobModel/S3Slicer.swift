/// PLACEHOLDER until the s3slicer branch lands (replaced by its file).
public struct S3Slicer: Slicer {
    public private(set) var cursor: SlicerCursor
    let location: S3Location
    let input: S3Input
    let lister: any ObjectLister

    public init(location: S3Location, input: S3Input, lister: any ObjectLister, cursor: SlicerCursor, pageSize: Int = 1000) {
        self.location = location
        self.input = input
        self.lister = lister
        self.cursor = cursor
    }

    public mutating func next(max: Int) throws -> [SliceInput] {
        let page = try lister.list(bucket: location.bucket, prefix: location.key, startAfter: cursor.lastPath, maxKeys: max)
        var made: [SliceInput] = []
        for object in page.objects {
            made.append(SliceInput(index: cursor.nextIndex, values: ["input": "s3://\(location.bucket)/\(object.key)"], objects: [ObjectPiece(bucket: location.bucket, key: object.key)]))
            cursor.nextIndex += 1
            cursor.lastPath = object.key
        }
        cursor.finished = !page.truncated
        return made
    }
}
