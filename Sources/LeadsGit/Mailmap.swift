import CLibGit2
import Foundation

/// The repository's mailmap (`.mailmap`, `mailmap.blob`, `mailmap.file`), resolving identities to canonical
/// emails. Names and emails match ignoring case, as in git (libgit2 1.5.1 matches them exactly, so the text
/// is lower-cased before libgit2 reads it, and so is every identity it is asked about).
public final class Mailmap {
  private let handle: OpaquePointer

  /// A mailmap from the text of mailmap files, later lines overriding earlier ones.
  public init(text: String) throws {
    var mailmap: OpaquePointer?
    let lowered = Array(text.lowercased().utf8)
    try GitError.check(
      lowered.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) {
          git_mailmap_from_buffer(&mailmap, $0.baseAddress, $0.count)
        }
      }, "cannot read the mailmap")
    handle = mailmap!
  }

  deinit {
    git_mailmap_free(handle)
  }

  /// The canonical email for a name and email, lowercased.
  public func email(name: String, email: String) throws -> String {
    // libgit2 may hand back the input pointers themselves: copy the result while they are alive.
    try name.lowercased().withCString { namePointer in
      try email.lowercased().withCString { emailPointer in
        var realName: UnsafePointer<CChar>?
        var realEmail: UnsafePointer<CChar>?
        try GitError.check(
          git_mailmap_resolve(&realName, &realEmail, handle, namePointer, emailPointer),
          "cannot resolve \(email) through the mailmap")
        return realEmail.map { String(cString: $0) } ?? email.lowercased()
      }
    }
  }

  /// The canonical email of a `Name <email>` trailer value, or nil when it has no email.
  public func email(trailer value: String) throws -> String? {
    guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else {
      return nil
    }
    let name = value[..<open].trimmingCharacters(in: .whitespaces)
    return try email(name: name, email: String(value[value.index(after: open)..<close]))
  }
}

extension GitRepository {
  /// The mailmap as the repository defines it now: the working tree's `.mailmap` (its bytes, read and checked
  /// by the caller), then `mailmap.blob` (in a bare repository, `HEAD:.mailmap` by default), then the file
  /// `mailmap.file` names in the user's git configuration.
  public func mailmap(workingTreeFile: [UInt8]?) throws -> Mailmap {
    var text = workingTreeFile.map { String(decoding: $0, as: UTF8.self) + "\n" } ?? ""
    if let spec = try configString("mailmap.blob") ?? (isBare ? "HEAD:.mailmap" : nil) {
      var object: OpaquePointer?
      let found = git_revparse_single(&object, handle, spec)
      if found != GIT_ENOTFOUND.rawValue {
        try GitError.check(found, "cannot read the mailmap \(spec)")
        defer { git_object_free(object) }
        if git_object_type(object) == GIT_OBJECT_BLOB, let content = git_blob_rawcontent(object) {
          let size = Int(git_blob_rawsize(object))
          text += String(decoding: UnsafeRawBufferPointer(start: content, count: size), as: UTF8.self) + "\n"
        }
      }
    }
    if let file = try configString("mailmap.file") {
      let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
      let path = file.hasPrefix("~/") ? home + file.dropFirst() : file
      if let data = FileManager.default.contents(atPath: path) {
        text += String(decoding: data, as: UTF8.self)
      }
    }
    return try Mailmap(text: text)
  }
}
