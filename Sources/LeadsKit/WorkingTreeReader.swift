import Foundation
import LeadsCore

/// Reads registry files from disk, never following a link out of the repository.
struct WorkingTreeReader {
  let root: String
  private let realRoot: String

  init(root: String) {
    self.root = root
    realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
  }

  /// Every Markdown file and the config file below `folder`, in path order.
  func registryFiles(in folder: String) -> [RegistryFile] {
    var files: [RegistryFile] = []
    walk(folder, into: &files, registryFolder: folder)
    return files
  }

  private func walk(_ relative: String, into files: inout [RegistryFile], registryFolder: String) {
    let manager = FileManager.default
    let names: [String]
    do {
      names = try manager.contentsOfDirectory(atPath: root + "/" + relative).sorted()
    } catch {
      files.append(
        RegistryFile(
          path: relative, content: .unreadable("cannot list the folder (\(error.localizedDescription))")))
      return
    }
    for name in names {
      let path = relative + "/" + name
      let absolute = root + "/" + path
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

  private func symbolicLink(_ path: String, registryFolder: String) -> RegistryFile? {
    let absolute = root + "/" + path
    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: absolute)) ?? "?"
    let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
    // Links to folders would hide whole subtrees, so they are reported; links to other files are ignored like them.
    guard isDirectory.boolValue || isRegistryFile(path, registryFolder: registryFolder) else { return nil }
    guard resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
      return RegistryFile(path: path, content: .symlinkOutside(target: target))
    }
    guard exists else {
      return RegistryFile(
        path: path, content: .unreadable("it is a symbolic link to '\(target)', which does not exist"))
    }
    if isDirectory.boolValue {
      return RegistryFile(
        path: path,
        content: .unreadable(
          "it is a symbolic link to the folder '\(target)', which is not followed; move the files here"))
    }
    return RegistryFile(path: path, content: read(resolved))
  }

  private func read(_ absolute: String) -> RegistryFile.Content {
    guard let handle = FileHandle(forReadingAtPath: absolute) else {
      return .unreadable("permission denied or the file vanished")
    }
    defer { try? handle.close() }
    do {
      let size = try handle.seekToEnd()
      if size > SourceText.maximumByteCount { return .tooLarge(byteCount: Int(size)) }
      try handle.seek(toOffset: 0)
      return .bytes([UInt8](try handle.readToEnd() ?? Data()))
    } catch {
      return .unreadable(error.localizedDescription)
    }
  }
}
