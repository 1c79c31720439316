/// Why a file cannot be sent to or fetched from the nodes, as facts: which path, which system
/// error (`errno`).
public enum TransferError: Error, Sendable, Equatable {
    /// The remote path is empty.
    case emptyRemote
    /// The remote path names no file (`/`, `.`, a trailing slash…).
    case remoteNamesNoFile(remote: String)
    /// The local folder could not be made; `reason` is the system's.
    case cannotMakeFolder(path: String, reason: String)
    /// The local file cannot be opened for reading.
    case cannotOpen(path: String, errno: Int32)
    /// The local path is not a regular file.
    case notRegularFile(path: String)
    /// Reading the local file failed at byte `offset`: `errno`, or nil when the file got shorter.
    case readFailed(path: String, offset: Int, errno: Int32?)
    /// The partial file cannot be created.
    case cannotCreate(path: String, errno: Int32)
    /// Writing the partial file failed.
    case writeFailed(path: String, errno: Int32)
    /// The complete partial file cannot be renamed into place.
    case cannotRename(from: String, to: String, errno: Int32)
}
