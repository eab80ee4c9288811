import Foundation
import LeadsCore

/// Reads registry files from disk, never following a link out of the working tree or into `.git/`, and never
/// opening anything but a regular file.
struct WorkingTreeReader {
  let tree: WorkingTree

  /// Every Markdown file and the config file below `folder`, in path order.
  func registryFiles(in folder: String) -> [RegistryFile] {
    var files: [RegistryFile] = []
    walk(folder, into: &files, registryFolder: folder)
    return files
  }

  private func walk(_ relative: String, into files: inout [RegistryFile], registryFolder: String) {
    let names: [String]
    do {
      // The folder itself was resolved inside the working tree (links to folders are reported, not followed).
      let real = try tree.resolve(relative, what: "the folder").absolute
      let listing = try WorkingTreeReader.names(in: real)
      for raw in listing.undecodable
      where raw.count > 3 && Array(raw.suffix(3)).map({ $0 | 0x20 }) == Array(".md".utf8) {
        files.append(
          RegistryFile(
            path: relative + "/" + WorkingTreeReader.readable(raw),
            content: .unreadable("its name is not valid UTF-8 (shown with \\x escapes); rename it")))
      }
      names = listing.names
    } catch {
      files.append(RegistryFile(path: relative, content: .unreadable("cannot list the folder (\(error))")))
      return
    }
    for name in names {
      let path = relative + "/" + name
      let absolute = tree.root + "/" + path
      // lstat, not FileManager's attributes: those also look up the owner's user and group names, which
      // reads /etc/passwd and /etc/group once per file.
      var info = stat()
      guard lstat(absolute, &info) == 0 else {
        files.append(RegistryFile(path: path, content: .unreadable("cannot read its attributes")))
        continue
      }
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        walk(path, into: &files, registryFolder: registryFolder)
      case S_IFLNK:
        if let file = symbolicLink(path, registryFolder: registryFolder) { files.append(file) }
      case S_IFREG:
        if isRegistryFile(path, registryFolder: registryFolder) {
          files.append(RegistryFile(path: path, content: read(absolute)))
        }
      default:
        if isRegistryFile(path, registryFolder: registryFolder) {
          files.append(RegistryFile(path: path, content: .unreadable("it is not a regular file")))
        }
      }
    }
  }

  /// The entries of a folder, sorted; names that are not valid UTF-8 apart, as their bytes (Foundation would
  /// replace their bytes and then fail to find the file).
  static func names(in folder: String) throws -> (names: [String], undecodable: [[UInt8]]) {
    guard let directory = opendir(folder) else {
      throw PathRefusal(message: String(cString: strerror(errno)))
    }
    defer { closedir(directory) }
    var names: [String] = []
    var undecodable: [[UInt8]] = []
    while let entry = readdir(directory) {
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      if bytes == [UInt8(ascii: ".")] || bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
      if let name = String(validating: bytes, as: UTF8.self) {
        names.append(name)
      } else {
        undecodable.append(bytes)
      }
    }
    return (names.sorted(), undecodable.sorted { $0.lexicographicallyPrecedes($1) })
  }

  /// A file name's bytes as text: valid UTF-8 as it is, every other byte as `\xHH`.
  static func readable(_ bytes: [UInt8]) -> String {
    var result = ""
    var index = 0
    while index < bytes.count {
      // The longest valid UTF-8 sequence starting here (1 to 4 bytes), else one escaped byte.
      var decoded: String?
      var length = 1
      for candidate in stride(from: min(4, bytes.count - index), through: 1, by: -1) {
        if let text = String(validating: bytes[index..<(index + candidate)], as: UTF8.self) {
          decoded = text
          length = candidate
          break
        }
      }
      if let decoded {
        result += decoded
      } else {
        result += "\\x" + String(bytes[index], radix: 16, uppercase: true)
      }
      index += length
    }
    return result
  }

  private func symbolicLink(_ path: String, registryFolder: String) -> RegistryFile? {
    let absolute = tree.root + "/" + path
    let target = WorkingTree.linkTarget(absolute) ?? "?"
    var info = stat()
    let isDirectory = stat(absolute, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    // Links to folders would hide whole subtrees, so they are reported; links to other files are ignored like them.
    guard isDirectory || isRegistryFile(path, registryFolder: registryFolder) else { return nil }
    let resolved: WorkingTree.Resolved
    do {
      resolved = try tree.resolve(path, what: "the link")
    } catch {
      return RegistryFile(path: path, content: .symlinkOutside(target: target))
    }
    guard resolved.exists, WorkingTree.realPath(absolute) != nil else {
      return RegistryFile(
        path: path, content: .unreadable("it is a symbolic link to '\(target)', which does not exist"))
    }
    if isDirectory {
      return RegistryFile(
        path: path,
        content: .unreadable(
          "it is a symbolic link to the folder '\(target)', which is not followed; move the files here"))
    }
    return RegistryFile(path: path, content: read(resolved.absolute))
  }

  private func read(_ absolute: String) -> RegistryFile.Content {
    var info = stat()
    if stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
      Int(info.st_size) > SourceText.maximumByteCount
    {
      return .tooLarge(byteCount: Int(info.st_size))
    }
    do {
      return .bytes(
        try WorkingTree.readRegularFile(absolute, what: "the file", limit: SourceText.maximumByteCount))
    } catch {
      return .unreadable(error.message)
    }
  }
}
