import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Writes files so that readers see the old content or the new, never a part: a temporary file beside the
/// target, then a rename over it. The target's permissions are kept.
public enum AtomicFile {
  /// Writes `bytes` to `path`; with `creatingFolders`, creates the folders on the way first.
  public static func write(_ bytes: [UInt8], to path: String, creatingFolders: Bool = true) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    if creatingFolders {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      } catch {
        throw AtomicFileError(message: "cannot create the folder \(folder.path) for \(path)")
      }
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).leads-\(UUID().uuidString)").path
    var existing = stat()
    let mode = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : nil
    try create(temporary, with: bytes, mode: mode)
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw AtomicFileError(message: "cannot write \(path): \(reason)")
    }
  }

  /// Creates `path`, which must not exist yet, holding `bytes`; with `mode`, exactly those permissions
  /// (otherwise the usual ones, less the umask). Plain POSIX calls: nothing is staged anywhere else.
  static func create(_ path: String, with bytes: [UInt8], mode: mode_t? = nil) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode ?? 0o666)
    guard descriptor >= 0 else {
      throw AtomicFileError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
    }
    var failure: String?
    if let mode, fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
    var written = 0
    while failure == nil, written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        failure = String(cString: strerror(errno))
      } else {
        written += count
      }
    }
    if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(path)
      throw AtomicFileError(message: "cannot write \(path): \(failure)")
    }
  }
}

public struct AtomicFileError: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}
