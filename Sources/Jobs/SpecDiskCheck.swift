import Foundation
import JobModel

/// The checks of a spec that need the master's disk, before anything is stored: every `files`
/// pattern matches a file, a `lines` file is there.
enum SpecDiskCheck {
    static func check(_ spec: JobSpec, base: String) throws {
        switch spec.inputs {
        case .files(let patterns):
            if let pattern = FileSlicer.unmatched(patterns.map { FileSystemLister.absolute($0, base: base) }, lister: FileSystemLister()) {
                throw JobSpecError(field: "inputs.files", problem: "`\(pattern)` matches no regular file on the master; check the path", unusable: true)
            }
        case .lines(let path, _):
            let full = FileSystemLister.absolute(path, base: base)
            guard FileSystemLister().isRegularFile(full), access(full, R_OK) == 0 else {
                throw JobSpecError(field: "inputs.lines.path", problem: "`\(full)` is not a readable file on the master", unusable: true)
            }
        case .range, .list, .remote, .s3:
            break
        }
    }
}
