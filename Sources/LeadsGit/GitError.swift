import CLibGit2
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

  /// Throws when a libgit2 return code reports failure: what was being done, then libgit2's reason ("cannot
  /// read commit 1a2b…: failed to parse signature - invalid Unix timestamp").
  static func check(_ code: Int32, _ what: @autoclosure () -> String) throws {
    guard code < 0 else { return }
    let reason = last(code, "")
    let context = what()
    throw GitError(code: code, message: reason.message.isEmpty ? context : "\(context): \(reason.message)")
  }

  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
}

/// libgit2 is initialised once per process and never shut down (tests run in parallel); nil when that and
/// the options below worked, else what failed.
let libgit2Failure: GitError? = {
  let initialised = git_libgit2_init()
  guard initialised >= 0 else { return GitError.last(initialised, "libgit2 could not be initialised") }
  // A walk reads each commit and tree about once: a small object cache keeps memory flat without costing
  // speed (libgit2's default is 256 MiB). `LEADS_GIT_CACHE_MB` overrides it for measurements.
  let environment = ProcessInfo.processInfo.environment
  let cacheMegabytes = environment["LEADS_GIT_CACHE_MB"].flatMap(Int.init) ?? 16
  // libgit2 maps packs in windows of 1 GiB and keeps up to 8 GiB mapped: a walk over a large history then
  // holds every page of the pack it touched. Smaller windows, unmapped beyond a limit, keep memory to what
  // the walk is reading (`LEADS_GIT_PACK_WINDOW_MB`, `LEADS_GIT_PACK_LIMIT_MB` override them).
  let windowMegabytes = environment["LEADS_GIT_PACK_WINDOW_MB"].flatMap(Int.init) ?? 32
  let limitMegabytes = environment["LEADS_GIT_PACK_LIMIT_MB"].flatMap(Int.init) ?? 128
  let options: [(Int32, String)] = [
    // Ownership is checked by `GitRepository.discover` with git's own rules (libgit2 1.5.1 ignores
    // `safe.directory=*` and gives advice that does not help).
    (leads_git_set_owner_validation(0), "turn off libgit2's ownership check"),
    // Reading history never writes objects; checking every object's hash on read (libgit2's default, which
    // git itself does not do) costs a SHA-1 per commit and tree.
    (leads_git_set_read_hash_verification(0), "turn off hash verification on read"),
    (leads_git_set_cache_max_size(ssize_t(cacheMegabytes) << 20), "set the object cache size"),
    (
      leads_git_set_pack_windows(size_t(windowMegabytes) << 20, size_t(limitMegabytes) << 20),
      "set pack windows"
    ),
  ]
  for (result, what) in options where result < 0 {
    return GitError.last(result, "libgit2 could not \(what)")
  }
  return nil
}()
