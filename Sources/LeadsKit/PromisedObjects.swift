import Foundation
import LeadsGit

/// Objects a partial clone (`git clone --filter=blob:none`) left on its promisor remote. libgit2 cannot fetch
/// them; the git CLI can, and `git cat-file --batch` fetches what it is asked for in one run.
enum PromisedObjects {
  /// The bytes of each object in `ids`, read through `git cat-file --batch` in the repository at `gitDirectory`.
  static func fetch(_ ids: [ObjectID], gitDirectory: String) throws -> [ObjectID: [UInt8]] {
    guard !ids.isEmpty else { return [:] }
    let bytes: [UInt8]
    do {
      bytes = try ChildProcess.run(
        .git, ["--git-dir=\(gitDirectory)", "cat-file", "--batch"],
        input: Array(ids.map { "\($0)\n" }.joined().utf8),
        what: "git cat-file, fetching \(ids.count) objects this partial clone lacks")
    } catch {
      throw PromisedObjectsError(message: error.description)
    }
    return try parse(bytes)
  }

  /// Parses `git cat-file --batch` output: `<id> <type> <size>\n<bytes>\n`, or `<id> missing\n`.
  static func parse(_ bytes: [UInt8]) throws -> [ObjectID: [UInt8]] {
    var objects: [ObjectID: [UInt8]] = [:]
    var position = 0
    while position < bytes.count {
      guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { break }
      let header = bytes[position..<end].split(separator: UInt8(ascii: " "))
      position = end + 1
      guard header.count == 3, let id = ObjectID(hexBytes: header[0]),
        let size = Int(String(decoding: header[2], as: UTF8.self)), size >= 0, position + size <= bytes.count
      else {
        if header.count == 2 { continue }  // "<id> missing"
        throw PromisedObjectsError(message: "git cat-file printed something leads cannot read")
      }
      objects[id] = Array(bytes[position..<(position + size)])
      position += size + 1
    }
    return objects
  }
}

struct PromisedObjectsError: Error, CustomStringConvertible {
  let message: String
  var description: String { message }
}
