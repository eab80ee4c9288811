import CLibGit2
import CNoCertificates
import Foundation

/// A libgit2 failure, with libgit2's own message when it gave one.
public struct GitError: Error, CustomStringConvertible, Sendable {
  public let code: Int32
  public let message: String

  public var description: String { message }

  /// Reads the last libgit2 error; call right after the failing function, on the same thread.
  static func last(_ code: Int32, _ fallback: String) -> GitError {
    if let error = git_error_last(), let text = error.pointee.message {
      let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
      if !message.isEmpty { return GitError(code: code, message: message) }
    }
    return GitError(code: code, message: fallback)
  }

  /// Throws when a libgit2 return code reports failure.
  static func check(_ code: Int32, _ what: @autoclosure () -> String) throws {
    if code < 0 { throw last(code, what()) }
  }

  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// libgit2 is initialised once per process and never shut down (tests run in parallel).
let libgit2Ready: Bool = {
  // Referenced so that the linker keeps the CA-bundle loaders that stand in for mbedTLS's (CNoCertificates).
  _ = leads_skips_ca_certificates()
  git_libgit2_init()
  // Ownership is checked by `GitRepository.discover` with git's own rules (libgit2 1.5.1 ignores
  // `safe.directory=*` and gives advice that does not help).
  _ = leads_git_set_owner_validation(0)
  _ = leads_git_set_read_hash_verification(0)
  // A walk reads each commit and tree about once; a small cache keeps memory flat without costing speed.
  _ = leads_git_set_cache_max_size(
    ssize_t(ProcessInfo.processInfo.environment["LEADS_GIT_CACHE_MB"].flatMap(Int.init) ?? 16) << 20)
  return true
}()
