import Foundation

#if canImport(Glibc)
  import Glibc
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  import Darwin
  private let systemWrite = Darwin.write
#endif

/// Why a write failed, in words (`strerror`), for a `leads:` sentence.
public struct OutputFailure: Error, CustomStringConvertible, Sendable {
  public let reason: String
  public var description: String { reason }
}

/// Where a file the user names on the command line (`report -o PATH`) is written, decided on the path as
/// written.
///
/// `-` and `/dev/stdout` mean standard output. Every folder on the way must exist; a folder reached through a
/// symbolic link inside the repository's working tree must stay inside it, and nothing is written inside a
/// `.git` folder. A regular file (or a new one) is replaced atomically; a symbolic link the user names is
/// refused, never replaced; a device or a FIFO (`/dev/null`, a named pipe) is written in place, and one
/// nobody reads from is refused rather than waited on.
public enum OutputFile {
  /// What `path` names.
  public enum Destination: Equatable, Sendable {
    case standardOutput
    /// A regular file, new or existing (replaced atomically): its resolved, absolute path.
    case file(String)
    /// A device or FIFO, written in place.
    case special(String)
  }

  /// Decides where `written` goes, resolved from `cwd`; `tree` is the repository's working tree, if any.
  public static func destination(of written: String, cwd: String, tree: WorkingTree?)
    throws(PathRefusal) -> Destination
  {
    let shown = "'\(written)'"
    if written == "-" || written == "/dev/stdout" { return .standardOutput }
    guard !written.isEmpty else { throw PathRefusal(message: "the output file is empty") }
    guard !written.utf8.contains(0) else { throw PathRefusal(message: "the output file contains a NUL byte") }
    guard !written.hasSuffix("/") else {
      throw PathRefusal(message: "the output file \(shown) names a folder; name a file in it")
    }
    let absolute = written.hasPrefix("/") ? written : cwd + "/" + written
    var parts = absolute.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard let name = parts.popLast(), name != ".", name != ".." else {
      throw PathRefusal(message: "the output file \(shown) names a folder; name a file in it")
    }
    // Walk the folders as the kernel will, each one resolved.
    var folder = "/"
    for part in parts {
      if part == "." { continue }
      if part == ".." {
        folder = (folder as NSString).deletingLastPathComponent
        continue
      }
      let next = (folder == "/" ? "" : folder) + "/" + part
      var info = stat()
      guard lstat(next, &info) == 0 else {
        throw PathRefusal(message: "cannot write \(shown): the folder \(next) does not exist")
      }
      var resolved = next
      if info.st_mode & S_IFMT == S_IFLNK {
        guard let real = WorkingTree.realPath(next) else {
          throw PathRefusal(
            message: "cannot write \(shown): \(next) is a symbolic link that does not lead to a folder")
        }
        if let tree, tree.contains(next), !tree.contains(real) {
          throw PathRefusal(
            message:
              "cannot write \(shown): \(next) is a symbolic link in the repository that leads outside it, to \(real); leads refuses it"
          )
        }
        resolved = real
        guard stat(resolved, &info) == 0 else {
          throw PathRefusal(message: "cannot write \(shown): \(next) does not lead to a folder")
        }
      }
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw PathRefusal(message: "cannot write \(shown): \(next) is not a folder")
      }
      folder = resolved
    }
    let target = (folder == "/" ? "" : folder) + "/" + name
    if let tree, tree.isInsideGitFolder(target) || name.lowercased() == ".git" {
      throw PathRefusal(message: "cannot write \(shown): it is inside .git/, which leads never writes")
    }
    var info = stat()
    guard lstat(target, &info) == 0 else { return .file(target) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file(target)
    case S_IFLNK:
      let to = WorkingTree.linkTarget(target).map { " to '\($0)'" } ?? ""
      throw PathRefusal(
        message:
          "\(shown) is a symbolic link\(to); leads does not replace a link: name the file it leads to, or remove the link"
      )
    case S_IFDIR: throw PathRefusal(message: "the output file \(shown) is a folder; name a file in it")
    case S_IFCHR, S_IFIFO: return .special(target)
    default:
      throw PathRefusal(message: "cannot write \(shown): it is a socket or a block device")
    }
  }

  /// The standard streams (0, 1, 2) that were closed when leads started. Each is held open on `/dev/null`
  /// from the start, so that no file leads opens later (a pack, the cache being written, a thread's event
  /// descriptor) takes its number and receives what was meant for the stream. Read first thing in `main`.
  public static let closedAtStart: Set<Int32> = {
    var closed = Set<Int32>()
    for stream in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(stream, F_GETFD) == -1 {
      closed.insert(stream)
      let null = open("/dev/null", stream == STDIN_FILENO ? O_RDONLY : O_WRONLY)
      if null >= 0 && null != stream {
        dup2(null, stream)
        close(null)
      }
    }
    return closed
  }()

  /// Writes `bytes` where `destination` says; standard output through `standardOutput`.
  public static func write(_ bytes: [UInt8], to destination: Destination) throws(PathRefusal) {
    switch destination {
    case .standardOutput:
      guard !closedAtStart.contains(STDOUT_FILENO) else {
        throw PathRefusal(message: "cannot write to standard output: \(String(cString: strerror(EBADF)))")
      }
      do {
        try writeAll(bytes, to: STDOUT_FILENO)
      } catch {
        throw PathRefusal(message: "cannot write to standard output: \(error.reason)")
      }
    case .file(let path):
      do {
        try AtomicFile.write(bytes, to: path, creatingFolders: false)
      } catch {
        throw PathRefusal(message: "\(error)")
      }
    case .special(let path):
      // Without blocking: a FIFO nobody reads from fails at once (ENXIO) instead of waiting forever.
      let descriptor = open(path, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY)
      guard descriptor >= 0 else {
        let reason = errno == ENXIO ? "nothing is reading from it" : String(cString: strerror(errno))
        throw PathRefusal(message: "cannot write \(path): \(reason)")
      }
      defer { close(descriptor) }
      let flags = fcntl(descriptor, F_GETFL)
      _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
      do {
        try writeAll(bytes, to: descriptor)
      } catch {
        throw PathRefusal(message: "cannot write \(path): \(error.reason)")
      }
    }
  }

  /// Writes every byte to `descriptor`, retrying interrupted and partial writes.
  public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(OutputFailure) {
    var written = 0
    while written < bytes.count {
      let count = bytes[written...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw OutputFailure(reason: String(cString: strerror(errno)))
      }
      written += count
    }
  }
}

extension WorkingTree {
  /// Whether `path` (absolute, not necessarily resolved) lies inside the working tree, as written or resolved.
  func contains(_ path: String) -> Bool {
    for base in [root, realRoot] where path == base || path.hasPrefix(base == "/" ? "/" : base + "/") {
      return true
    }
    return false
  }

  /// Whether `path` (absolute) lies inside one of the repository's git folders.
  func isInsideGitFolder(_ path: String) -> Bool {
    let real = WorkingTree.realPath((path as NSString).deletingLastPathComponent).map {
      $0 + "/" + (path as NSString).lastPathComponent
    }
    return gitFolders.contains { folder in
      [path, real].contains { candidate in
        guard let candidate else { return false }
        return candidate == folder || candidate.hasPrefix(folder + "/")
      }
    }
  }
}
