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
      names = try FileManager.default.contentsOfDirectory(atPath: real).sorted()
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
