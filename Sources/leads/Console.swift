import Foundation
import LeadsKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The only way the executable writes to its standard streams. Output goes straight to the descriptor (no
/// buffer to lose at exit); a failing standard output (a closed pipe, a full disk) becomes a `leads:` sentence
/// and exit 2, never a trap. Standard error is best effort: there is nowhere left to report its failure.
enum Console {
  /// How wide standard output is: the terminal's columns, else `COLUMNS` when it is a number, else 100.
  static var width: Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
      return Int(size.ws_col)
    }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
      return columns
    }
    return 100
  }

  /// Writes `text` to standard output, all of it.
  static func out(_ text: String) throws {
    try out(Array(text.utf8))
  }

  /// Writes `bytes` to standard output, all of them.
  static func out(_ bytes: [UInt8]) throws {
    do {
      try OutputFile.write(bytes, to: .standardOutput)
    } catch {
      throw CommandFailure(message: error.message)
    }
  }

  /// Writes `line` and a newline to standard output.
  static func line(_ line: String) throws {
    try out(line + "\n")
  }

  /// Writes `text` to standard error; a failure there is ignored.
  static func error(_ text: String) {
    try? OutputFile.writeAll(Array(text.utf8), to: STDERR_FILENO)
  }
}
