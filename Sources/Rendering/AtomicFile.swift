import Foundation

/// Why an output could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    /// The path.
    public var path: String
    /// What went wrong.
    public var reason: String
    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Writes files atomically: a temporary file in the same directory, then a
/// rename over the target. A failed run never truncates an existing output.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating parent directories.
    /// An existing file keeps its permissions; a symbolic link is followed (the file it names is
    /// replaced, the link stays).
    public static func write(_ bytes: [UInt8], to given: String) throws {
        let path = resolvingLinks(given)
        var st = stat()
        let mode: mode_t? = stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? st.st_mode & 0o777 : nil
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        try ensureDirectory(dir)
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 { throw OutputError(path: path, reason: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        if let mode { _ = fchmod(fd, mode) }
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        var written = 0
        try bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    let why = String(cString: strerror(errno))
                    close(fd)
                    throw OutputError(path: path, reason: "write failed: \(why)")
                }
                written += n
            }
        }
        if fsync(fd) != 0 && errno != EINVAL {
            let why = String(cString: strerror(errno))
            close(fd)
            throw OutputError(path: path, reason: "fsync failed: \(why)")
        }
        if close(fd) != 0 { throw OutputError(path: path, reason: "close failed: \(String(cString: strerror(errno)))") }
        if rename(tmp, path) != 0 { throw OutputError(path: path, reason: "rename failed: \(String(cString: strerror(errno)))") }
        ok = true
    }

    /// Follows symbolic links (also dangling ones, whose target is then created), at most 40 deep.
    static func resolvingLinks(_ given: String) -> String {
        var path = given
        var st = stat()
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        for _ in 0..<40 {
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK else { break }
            let n = readlink(path, &buffer, buffer.count - 1)
            guard n > 0 else { break }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            path = target.hasPrefix("/") ? target : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(target).path
        }
        return path
    }

    /// Writes text as UTF-8.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `dir` (and parents) when missing; fails when it exists and is not a directory.
    public static func ensureDirectory(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue { throw OutputError(path: dir, reason: "exists and is not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: dir, reason: "cannot create directory: \(error.localizedDescription)")
        }
    }
}
