import Foundation

/// Writes files so that readers see the old content or the new, never a part: a temporary file beside the
/// target, then a rename over it. The target's permissions are kept.
public enum AtomicFile {
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).leads-\(UUID().uuidString)")
    try Data(bytes).write(to: temporary)
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      let permissions = attributes[.posixPermissions]
    {
      try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
    }
    guard rename(temporary.path, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw AtomicFileError(message: "cannot write \(path): \(reason)")
    }
  }
}

public struct AtomicFileError: Error, CustomStringConvertible {
  public let message: String
  public var description: String { message }
}
