import CSpawn
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a child process gave no answer.
public struct ChildProcessError: Error, CustomStringConvertible, Sendable {
  public let description: String
}

/// The one way `leads` runs another program: `git` (for what libgit2 cannot do) or this executable itself (the
/// first-parent helper).
///
/// The child is started from the running image, not looked up by path again (`/proc/self/exe`), so replacing
/// the executable mid-run changes nothing; it is killed when this process dies (`PR_SET_PDEATHSIG`), when the
/// caller gives up on it (`deinit`) and when it outlasts its time. Its input and output are unlinked temporary
/// files, not pipes: nothing has to be read while it runs, so no thread, no polling loop and no shared state.
/// The wait blocks in `poll` on a pipe only the child holds, which closes when it exits.
public final class ChildProcess {
  /// What to run.
  public enum Program: Sendable, Equatable {
    /// `git`, found on `PATH`.
    case git
    /// This executable, as it was when the process started.
    case this
  }

  /// How the child ended.
  public enum Outcome: Sendable {
    case exited(status: Int32, output: [UInt8], errors: [UInt8])
    case killed(signal: Int32)
    case timedOut
  }

  private let pid: pid_t
  private let exitPipe: Int32
  private let output: Int32
  private let errors: Int32
  private var reaped = false

  /// Starts `program` with `arguments`, `input` on its standard input, and this process's environment with
  /// `environment` applied (a nil value removes a variable).
  public init(
    _ program: Program, _ arguments: [String], input: [UInt8] = [], environment: [String: String?] = [:]
  ) throws(ChildProcessError) {
    let executable: String
    switch program {
    case .git:
      guard let found = ChildProcess.onPath("git") else {
        throw ChildProcessError(description: "git is not installed (no git on PATH)")
      }
      executable = found
    case .this:
      guard let found = ChildProcess.runningImage else {
        throw ChildProcessError(description: "cannot find the running executable")
      }
      executable = found
    }
    let name = program == .git ? "git" : "leads"
    let inputFile = try ChildProcess.temporaryFile()
    defer { close(inputFile) }
    try ChildProcess.writeAll(input, to: inputFile)
    lseek(inputFile, 0, SEEK_SET)
    output = try ChildProcess.temporaryFile()
    do {
      errors = try ChildProcess.temporaryFile()
    } catch {
      close(output)
      throw error
    }
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else {
      close(output)
      close(errors)
      throw ChildProcessError(description: "cannot create a pipe: \(String(cString: strerror(errno)))")
    }
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    var variables = ProcessInfo.processInfo.environment
    for (key, value) in environment { variables[key] = value }
    let (outputFile, errorFile, exitEnd) = (output, errors, ends[1])
    let started = ChildProcess.withCStrings([name] + arguments) { argv in
      ChildProcess.withCStrings(variables.map { "\($0.key)=\($0.value)" }) { envp in
        leads_spawn(executable, argv, envp, inputFile, outputFile, errorFile, exitEnd)
      }
    }
    close(ends[1])
    guard started > 0 else {
      close(ends[0])
      close(output)
      close(errors)
      throw ChildProcessError(
        description: "cannot start \(name): \(String(cString: strerror(-started)))")
    }
    pid = started
    exitPipe = ends[0]
  }

  deinit {
    if !reaped {
      kill(pid, SIGKILL)
      reap()
    }
    close(exitPipe)
    close(output)
    close(errors)
  }

  /// Waits for the child to end, at most `milliseconds` (nil: as long as it takes); a child that outlasts it
  /// is killed.
  public func wait(milliseconds: Int32? = nil) -> Outcome {
    var descriptor = pollfd(fd: exitPipe, events: Int16(POLLIN), revents: 0)
    var ready: Int32
    repeat {
      ready = poll(&descriptor, 1, milliseconds ?? -1)
    } while ready < 0 && errno == EINTR
    if ready == 0 {
      kill(pid, SIGKILL)
      _ = reap()
      return .timedOut
    }
    let status = reap()
    if status & 0x7F != 0 { return .killed(signal: status & 0x7F) }
    return .exited(
      status: (status >> 8) & 0xFF, output: ChildProcess.contents(of: output),
      errors: ChildProcess.contents(of: errors))
  }

  /// Runs `program` to its end and returns its standard output; a failure names `what` and carries the
  /// program's own message.
  public static func run(
    _ program: Program, _ arguments: [String], input: [UInt8] = [], environment: [String: String?] = [:],
    milliseconds: Int32? = nil, what: String
  ) throws(ChildProcessError) -> [UInt8] {
    let child = try ChildProcess(program, arguments, input: input, environment: environment)
    switch child.wait(milliseconds: milliseconds) {
    case .exited(0, let output, _): return output
    case .exited(let status, _, let errors):
      let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw ChildProcessError(
        description: "\(what) failed (exit status \(status))\(message.isEmpty ? "" : ": \(message)")")
    case .killed(let signal): throw ChildProcessError(description: "\(what) was killed by signal \(signal)")
    case .timedOut: throw ChildProcessError(description: "\(what) did not finish in time")
    }
  }

  @discardableResult
  private func reap() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    reaped = true
    return status
  }

  /// The running executable: on Linux the kernel's own link to its image, which stays the same file even when
  /// the path is replaced or removed.
  static var runningImage: String? {
    #if os(Linux)
      return "/proc/self/exe"
    #else
      return Bundle.main.executablePath
    #endif
  }

  /// The first executable named `name` in a folder of `path` (default: `PATH`).
  static func onPath(_ name: String, path: String? = nil) -> String? {
    let path = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") where folder.hasPrefix("/") {
      let candidate = "\(folder)/\(name)"
      var info = stat()
      if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
        return candidate
      }
    }
    return nil
  }

  /// A new file nobody else can open: created in the temporary folder and unlinked at once.
  static func temporaryFile() throws(ChildProcessError) -> Int32 {
    let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template = Array("\(folder)/leads-child-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw ChildProcessError(
        description: "cannot create a temporary file in \(folder): \(String(cString: strerror(errno)))")
    }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    return descriptor
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(ChildProcessError) {
    var done = 0
    while done < bytes.count {
      let count = bytes[done...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw ChildProcessError(
          description: "cannot write a temporary file: \(String(cString: strerror(errno)))")
      }
      done += count
    }
  }

  private static func contents(of descriptor: Int32) -> [UInt8] {
    let size = Int(lseek(descriptor, 0, SEEK_END))
    guard size > 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
      let count = bytes.withUnsafeMutableBytes {
        pread(descriptor, $0.baseAddress! + done, size - done, off_t(done))
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      done += count
    }
    return Array(bytes[..<done])
  }

  private static func withCStrings<T>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> T
  ) -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
}
