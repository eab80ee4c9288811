import LeadsCore
import LeadsGit

/// Reads registry files from the index (what is staged), resolving symbolic links inside the index only.
struct IndexReader {
  let repository: GitRepository
  let entries: IndexTable
  /// Finds the entry a link points to, when `entries` are not all there is (a commit's registry folder).
  let lookup: ((String) -> IndexEntry?)?

  init(repository: GitRepository, entries: IndexTable, lookup: ((String) -> IndexEntry?)? = nil) {
    self.repository = repository
    self.entries = entries
    self.lookup = lookup
  }

  /// The entry at `path`.
  func staged(at path: String) -> IndexEntry? {
    entries.entry(named: path) ?? lookup?(path)
  }

  func hasFiles(under folder: String) -> Bool {
    !entries.indices(under: folder).isEmpty
  }

  func registryFiles(in folder: String) -> [RegistryFile] {
    entries.indices(under: folder).map { entries[$0] }.filter {
      isRegistryFile($0.path, registryFolder: folder)
    }
    .map { RegistryFile(path: $0.path, content: content(of: $0)) }
  }

  func content(of entry: IndexEntry) -> RegistryFile.Content {
    if entry.isSubmodule { return .unreadable("it is a submodule, not a file") }
    do {
      if entry.isSymbolicLink {
        let target = String(decoding: try repository.blobContent(entry.blob), as: UTF8.self)
        guard let resolved = IndexReader.resolve(target, from: entry.path) else {
          return .symlinkOutside(target: target)
        }
        guard let destination = staged(at: resolved), !destination.isSymbolicLink, !destination.isSubmodule
        else {
          return .unreadable("it is a symbolic link to '\(target)', which is not a staged file")
        }
        return try read(destination)
      }
      return try read(entry)
    } catch {
      return .unreadable("\(error)")
    }
  }

  private func read(_ entry: IndexEntry) throws -> RegistryFile.Content {
    let size = try repository.blobSize(entry.blob)
    if size > SourceText.maximumByteCount { return .tooLarge(byteCount: size) }
    return .bytes(try repository.blobContent(entry.blob))
  }

  /// Resolves a link target relative to the link's folder; nil when it leaves the repository.
  static func resolve(_ target: String, from linkPath: String) -> String? {
    guard !target.hasPrefix("/") else { return nil }
    var parts = linkPath.split(separator: "/").dropLast().map(String.init)
    for part in target.split(separator: "/") {
      switch part {
      case ".": continue
      case "..":
        guard !parts.isEmpty else { return nil }
        parts.removeLast()
      default: parts.append(String(part))
      }
    }
    return parts.joined(separator: "/")
  }
}
