import CZlib
import Foundation

/// Why an input could not be read at all.
public enum InputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file does not exist or cannot be opened.
    case cannotOpen(String, String)
    /// A directory was given where a file was expected.
    case isDirectory(String)
    /// Reading failed part way.
    case readFailed(String, String)
    /// The gzip stream is damaged.
    case corruptGzip(String, String)

    public var description: String {
        switch self {
        case let .cannotOpen(p, why): return "\(p): cannot open: \(why)"
        case let .isDirectory(p): return "\(p): is a directory, not a file"
        case let .readFailed(p, why): return "\(p): read failed: \(why)"
        case let .corruptGzip(p, why): return "\(p): damaged gzip data: \(why)"
        }
    }
}

/// A stream of bytes from a file or stdin, gunzipped transparently when it
/// starts with the gzip magic number.
///
/// Reads in chunks, so memory does not grow with the input's size.
public final class InputSource {
    /// The name as the user gave it (`-` for stdin).
    public let name: String
    private let fd: Int32
    private let ownsFD: Bool
    private var raw = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [UInt8] = []  // bytes sniffed before gzip detection
    private var gzip: UnsafeMutablePointer<z_stream>?
    private var gzipInput = [UInt8]()
    private var rawEOF = false
    /// True when the input is gzip-compressed.
    public private(set) var isGzip = false
    /// Compressed (raw) bytes read so far, for progress reports.
    public private(set) var rawBytesRead = 0
    /// A warning to report: the gzip stream ended early (a truncated download).
    public private(set) var truncationWarning: String?

    /// A source over bytes in memory (for fuzzing and tests); gunzipped when they start with the gzip magic.
    public convenience init(name: String, bytes: [UInt8]) throws {
        try self.init(path: nil, name: name, memory: bytes)
    }

    /// Opens `path`, or stdin for `-`.
    public convenience init(path: String) throws {
        try self.init(path: path, name: path, memory: nil)
    }

    private init(path: String?, name: String, memory: [UInt8]?) throws {
        self.name = name
        if let memory {
            fd = -1
            ownsFD = false
            self.memory = memory
            let first = try readRaw()
            try startGzipIfNeeded(first, name: name)
            return
        }
        let path = path!
        self.memory = nil
        if path == "-" {
            fd = 0
            ownsFD = false
        } else {
            var st = stat()
            if stat(path, &st) != 0 {
                throw InputError.cannotOpen(path, String(cString: strerror(errno)))
            }
            if (st.st_mode & S_IFMT) == S_IFDIR { throw InputError.isDirectory(path) }
            let f = open(path, O_RDONLY)
            if f < 0 { throw InputError.cannotOpen(path, String(cString: strerror(errno))) }
            fd = f
            ownsFD = true
        }
        // Sniff the first bytes for the gzip magic number.
        let first = try readRaw()
        try startGzipIfNeeded(first, name: path)
    }

    private func startGzipIfNeeded(_ first: [UInt8], name path: String) throws {
        pending = first
        if first.count >= 2 && first[0] == 0x1f && first[1] == 0x8b {
            isGzip = true
            let s = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            s.initialize(to: z_stream())
            let rc = inflateInit2_(s, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            if rc != Z_OK {
                s.deallocate()
                throw InputError.corruptGzip(path, "zlib could not start (\(rc))")
            }
            gzip = s
            gzipInput = first
            pending = []
        }
    }

    deinit {
        if let g = gzip { inflateEnd(g); g.deinitialize(count: 1); g.deallocate() }
        if ownsFD && fd >= 0 { close(fd) }
    }

    private var memory: [UInt8]?
    private var memoryOffset = 0

    private func readRaw() throws -> [UInt8] {
        if rawEOF { return [] }
        if let m = memory {
            let n = min(1 << 16, m.count - memoryOffset)
            if n <= 0 { rawEOF = true; return [] }
            defer { memoryOffset += n }
            rawBytesRead += n
            return Array(m[memoryOffset..<(memoryOffset + n)])
        }
        while true {
            let n = raw.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(name, String(cString: strerror(errno)))
            }
            if n == 0 { rawEOF = true; return [] }
            rawBytesRead += n
            return Array(raw[0..<n])
        }
    }

    /// The next chunk of (decompressed) bytes, or nil at the end.
    private var pendingError: InputError?

    public func nextChunk() throws -> [UInt8]? {
        if let e = pendingError { pendingError = nil; throw e }
        if !pending.isEmpty {
            defer { pending = [] }
            return pending
        }
        guard let g = gzip else {
            let c = try readRaw()
            return c.isEmpty ? nil : c
        }
        var out = [UInt8](repeating: 0, count: 1 << 17)
        while true {
            if gzipInput.isEmpty {
                gzipInput = try readRaw()
                if gzipInput.isEmpty {
                    // End of the compressed input.
                    if g.pointee.total_in > 0 && !streamEnded {
                        truncationWarning = "the gzip stream ends early (truncated file?); the data before the cut was read"
                    }
                    return nil
                }
            }
            var produced = 0
            var rc: Int32 = Z_OK
            let consumed: Int = gzipInput.withUnsafeMutableBufferPointer { inBuf in
                out.withUnsafeMutableBufferPointer { outBuf in
                    g.pointee.next_in = inBuf.baseAddress
                    g.pointee.avail_in = UInt32(inBuf.count)
                    g.pointee.next_out = outBuf.baseAddress
                    g.pointee.avail_out = UInt32(outBuf.count)
                    rc = inflate(g, Z_NO_FLUSH)
                    produced = outBuf.count - Int(g.pointee.avail_out)
                    return inBuf.count - Int(g.pointee.avail_in)
                }
            }
            gzipInput.removeFirst(consumed)
            if rc == Z_STREAM_END {
                streamEnded = true
                // Concatenated gzip members: start over on what follows.
                if !gzipInput.isEmpty || !rawEOF {
                    if gzipInput.isEmpty { gzipInput = try readRaw() }
                    if !gzipInput.isEmpty {
                        inflateReset(g)
                        streamEnded = false
                    }
                }
            } else if rc != Z_OK && rc != Z_BUF_ERROR {
                let msg = g.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                // Hand out what was inflated before the damage; the error comes with the next call.
                pendingError = InputError.corruptGzip(name, msg + " (after \(g.pointee.total_out) bytes; the data before it was read)")
                if produced > 0 { return Array(out[0..<produced]) }
                throw pendingError!
            }
            if produced > 0 { return Array(out[0..<produced]) }
            if rc == Z_STREAM_END && gzipInput.isEmpty { return nil }
        }
    }
    private var streamEnded = false

}
