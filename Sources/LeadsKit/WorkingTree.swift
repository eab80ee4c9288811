import Foundation
import LeadsCore

#if canImport(Glibc)
  import Glibc
  private let systemRead = Glibc.read
#elseif canImport(Darwin)
  import Darwin
  private let systemRead = Darwin.read
#endif

/// Why a path was refused: it would take `leads` outside the repository's working tree, into `.git/`, or to
/// something that is not what it should be. `description` is one sentence for stderr.
public struct PathRefusal: Error, CustomStringConvertible, Equatable, Sendable {
  public let message: String
  public var description: String { message }
}

/// The repository's working tree, as the only place `leads` reads or writes files.
///
/// Every path is resolved the way the kernel would open it (symbolic links included, each folder on the way
/// too) and refused when it lands outside the working tree, inside a `.git` folder, or on something that is
/// not a regular file. Files are opened without following a final link and without blocking, so a FIFO or a
/// device never hangs a run.
public struct WorkingTree: Sendable {
  /// The working tree as git reports it, without a trailing slash.
  public let root: String
  /// `root` with every symbolic link resolved.
  let realRoot: String
  /// The repository's git folders (its own and the common one), resolved.
  let gitFolders: [String]

  /// Reads larger than this are refused: nothing `leads` reads from the tree is legitimately bigger.
  public static let maximumFileSize = 64 << 20

  public init(root: String, gitFolders: [String]) {
    self.root = root
    realRoot = WorkingTree.realPath(root) ?? root
    self.gitFolders = gitFolders.map { WorkingTree.realPath($0) ?? $0 }
  }

  /// A path inside the working tree, resolved.
  public struct Resolved: Sendable, Equatable {
    /// Where the path really is, absolute, every link resolved.
    public let absolute: String
    /// The same, relative to the working tree.
    public let relative: String
    /// Whether something exists there.
    public let exists: Bool
  }

  /// Resolves `written`, a `/`-separated path relative to the working tree; `what` names it in a refusal
  /// ("codeowners.file in registry/leads.yml").
  public func resolve(_ written: String, what: String) throws(PathRefusal) -> Resolved {
    let shown = OwnerReference.visible(written)
    let parts = try Self.components(of: written, what: what)
    // The longest prefix that exists decides where the path really goes; what follows it is created later.
    var existing = 0
    var info = stat()
    while existing < parts.count, lstat(root + "/" + parts[...existing].joined(separator: "/"), &info) == 0 {
      existing += 1
    }
    var absolute = realRoot
    if existing > 0 {
      let prefix = root + "/" + parts[..<existing].joined(separator: "/")
      guard let real = Self.realPath(prefix) else {
        let target = Self.linkTarget(prefix).map { " to '\(OwnerReference.visible($0))'" } ?? ""
        throw PathRefusal(
          message: "\(what) '\(shown)' goes through a symbolic link\(target) that does not lead to a file")
      }
      absolute = real
    }
    for part in parts[existing...] { absolute += "/" + part }
    guard let relative = relativeToRoot(absolute) else {
      throw PathRefusal(
        message: "\(what) '\(shown)' leads outside the repository through a symbolic link; leads refuses it")
    }
    if gitFolders.contains(where: { absolute == $0 || absolute.hasPrefix($0 + "/") })
      || relative.split(separator: "/").contains(where: { $0.lowercased() == ".git" })
    {
      throw PathRefusal(
        message:
          "\(what) '\(shown)' leads into .git/ through a symbolic link; leads never reads or writes there")
    }
    return Resolved(absolute: absolute, relative: relative, exists: existing == parts.count)
  }

  /// The components of `written` once `.` and `..` are applied, refusing a path that is empty, absolute,
  /// climbs out of the repository or names a `.git` folder. Needs no disk: also checks paths read from the
  /// index or a commit.
  public static func components(of written: String, what: String) throws(PathRefusal) -> [String] {
    let shown = OwnerReference.visible(written)
    guard !written.isEmpty else { throw PathRefusal(message: "\(what) is empty") }
    guard !written.utf8.contains(0) else { throw PathRefusal(message: "\(what) contains a NUL byte") }
    guard !written.hasPrefix("/") else {
      throw PathRefusal(
        message: "\(what) '\(shown)' is an absolute path; leads only uses paths inside the repository")
    }
    var parts: [String] = []
    for part in written.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..":
        guard !parts.isEmpty else {
          throw PathRefusal(message: "\(what) '\(shown)' leaves the repository with '..'")
        }
        parts.removeLast()
      default:
        if part.lowercased() == ".git" {
          throw PathRefusal(
            message: "\(what) '\(shown)' points into .git/, which leads never reads or writes")
        }
        parts.append(String(part))
      }
    }
    guard !parts.isEmpty else { throw PathRefusal(message: "\(what) '\(shown)' names the repository itself") }
    return parts
  }

  /// The bytes of a regular file, or nil when nothing is there.
  public func read(_ written: String, what: String) throws(PathRefusal) -> [UInt8]? {
    let resolved = try resolve(written, what: what)
    guard resolved.exists else { return nil }
    return try Self.readRegularFile(resolved.absolute, what: "\(what) '\(OwnerReference.visible(written))'")
  }

  /// Whether `written` is a folder inside the working tree (refusing one that leads outside).
  public func isFolder(_ written: String, what: String) throws(PathRefusal) -> Bool {
    let resolved = try resolve(written, what: what)
    var info = stat()
    return resolved.exists && stat(resolved.absolute, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// Writes `bytes` atomically to `written`, creating missing folders inside the working tree. With
  /// `creating`, refuses when something is already there.
  public func write(_ bytes: [UInt8], to written: String, what: String, creating: Bool = false)
    throws(PathRefusal)
  {
    let resolved = try resolve(written, what: what)
    let shown = "\(what) '\(OwnerReference.visible(written))'"
    if resolved.exists {
      if creating { throw PathRefusal(message: "\(shown) already exists; it is left as it is") }
      var info = stat()
      guard lstat(resolved.absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
        throw PathRefusal(message: "\(shown) is not a regular file; leads only writes regular files")
      }
    }
    var made: [String] = []
    try makeFolders(for: resolved.relative, shown: shown, made: &made)
    // Resolve again: the folders now exist, and what they are decides where the file goes.
    let final = try resolve(resolved.relative, what: what)
    do {
      try AtomicFile.write(bytes, to: final.absolute)
    } catch {
      throw PathRefusal(message: "\(error)")
    }
  }

  /// One file of a change written as a whole.
  public struct PlannedFile: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let what: String
    /// Refuse when something is already there.
    public let creating: Bool

    public init(path: String, bytes: [UInt8], what: String, creating: Bool) {
      self.path = path
      self.bytes = bytes
      self.what = what
      self.creating = creating
    }
  }

  /// Writes every file or none: each is checked and written to a temporary file beside its place first, and
  /// only then are they moved in. A failure before the moves leaves nothing behind (temporary files and the
  /// folders made for them are removed); one during the moves puts back what was there.
  public func writeAll(_ files: [PlannedFile]) throws(PathRefusal) {
    var madeFolders: [String] = []
    var staged: [(temporary: String, target: String, previous: [UInt8]?)] = []
    func cleanUp() {
      for file in staged { unlink(file.temporary) }
      for folder in madeFolders.reversed() { rmdir(folder) }
    }
    do throws(PathRefusal) {
      for file in files {
        let resolved = try resolve(file.path, what: file.what)
        let shown = "\(file.what) '\(OwnerReference.visible(file.path))'"
        var previous: [UInt8]?
        if resolved.exists {
          if file.creating { throw PathRefusal(message: "\(shown) already exists; nothing was written") }
          previous = try Self.readRegularFile(resolved.absolute, what: shown)
        }
        try makeFolders(for: resolved.relative, shown: shown, made: &madeFolders)
        let final = try resolve(resolved.relative, what: file.what)
        let url = URL(fileURLWithPath: final.absolute)
        let temporary = url.deletingLastPathComponent()
          .appendingPathComponent(".\(url.lastPathComponent).leads-\(UUID().uuidString)").path
        do {
          var info = stat()
          let mode = previous != nil && stat(final.absolute, &info) == 0 ? info.st_mode & 0o7777 : nil
          try AtomicFile.create(temporary, with: file.bytes, mode: mode)
        } catch {
          throw PathRefusal(message: "\(error); nothing was written")
        }
        staged.append((temporary, final.absolute, previous))
      }
    } catch {
      cleanUp()
      throw error
    }
    for (index, file) in staged.enumerated() where rename(file.temporary, file.target) != 0 {
      let reason = String(cString: strerror(errno))
      // Put back what the earlier moves replaced or created, then drop what is left.
      for earlier in staged[..<index].reversed() {
        if let previous = earlier.previous {
          try? AtomicFile.write(previous, to: earlier.target, creatingFolders: false)
        } else {
          unlink(earlier.target)
        }
      }
      staged = Array(staged[index...])
      cleanUp()
      throw PathRefusal(message: "cannot write \(file.target): \(reason); nothing was written")
    }
  }

  /// Creates the missing folders of `relative` one at a time, each checked (a folder that appeared meanwhile
  /// must be real), recording those it made.
  private func makeFolders(for relative: String, shown: String, made: inout [String]) throws(PathRefusal) {
    var folder = realRoot
    for part in relative.split(separator: "/").dropLast() {
      folder += "/" + part
      var info = stat()
      if lstat(folder, &info) == 0 {
        guard info.st_mode & S_IFMT == S_IFDIR || Self.realPath(folder).flatMap(relativeToRoot) != nil else {
          throw PathRefusal(
            message: "\(shown) goes through '\(part)', which is not a folder inside the repository")
        }
        continue
      }
      if mkdir(folder, 0o777) == 0 {
        made.append(folder)
      } else if errno != EEXIST {
        throw PathRefusal(
          message: "cannot create the folder for \(shown): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// `path` (absolute, resolved) relative to the working tree, or nil when it is outside.
  public func relativeToRoot(_ path: String) -> String? {
    if path == realRoot { return "" }
    let base = realRoot == "/" ? "/" : realRoot + "/"
    guard path.hasPrefix(base) else { return nil }
    return String(path.dropFirst(base.count))
  }

  /// Reads a regular file without following a final link and without blocking on a FIFO or device.
  static func readRegularFile(_ absolute: String, what: String, limit: Int = maximumFileSize)
    throws(PathRefusal)
    -> [UInt8]
  {
    let descriptor = open(absolute, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ELOOP {
        throw PathRefusal(message: "\(what) is a symbolic link; leads reads it only through its target")
      }
      throw PathRefusal(message: "cannot read \(what): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw PathRefusal(message: "cannot read \(what): \(String(cString: strerror(errno)))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw PathRefusal(
        message: "\(what) is not a regular file (a folder, FIFO, socket or device); leads refuses it")
    }
    guard Int(info.st_size) <= limit else {
      throw PathRefusal(
        message: "\(what) is \(info.st_size) bytes, more than the \(limit >> 20) MB leads reads")
    }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var count = 0
    while count < bytes.count {
      let read = bytes.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if read < 0, errno == EINTR { continue }
      guard read >= 0 else {
        throw PathRefusal(message: "cannot read \(what): \(String(cString: strerror(errno)))")
      }
      if read == 0 { break }
      count += read
    }
    return Array(bytes[..<count])
  }

  /// The path with every symbolic link resolved, or nil when it does not exist (or a link dangles or loops).
  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
