import Foundation
import LeadsCore
import LeadsGit

/// A failure that stops a command before it can report findings; `description` is one sentence for stderr.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
  case cannotOpen(String)
  case bareRepository(String)
  case noRegistry(root: String, folder: String)
  case unreadableIndex(String)

  public var description: String {
    switch self {
    case .cannotOpen(let sentence): return sentence
    case .bareRepository(let path):
      return "\(path) is a bare repository, which has no working tree or index to lint; run leads in a clone"
    case .noRegistry(let root, let folder):
      return
        "\(root) has no \(folder)/ folder; add lead files under \(folder)/ (see the registry format in the README)"
    case .unreadableIndex(let message): return "cannot read the git index: \(message)"
    }
  }
}

/// Where lead files are read from.
public enum Source: Sendable {
  /// The files on disk, as the author is editing them.
  case workingTree
  /// The index: what the next commit will contain.
  case staged
}

/// The repository `leads` runs on, found from a folder inside it.
public final class Workspace {
  public let repository: GitRepository
  /// The working tree root.
  public let root: String
  /// The registry folder, relative to the root.
  public let registryFolder = "registry"

  /// Opens the repository containing `path`.
  public init(discoveringFrom path: String) throws(WorkspaceError) {
    do {
      repository = try GitRepository.discover(from: path)
    } catch {
      throw .cannotOpen(error.description)
    }
    guard let workingDirectory = repository.workingDirectory, !repository.isBare else {
      throw .bareRepository(repository.gitDirectory)
    }
    root = workingDirectory
  }

  /// Reads the registry and the tracked files into a linter input.
  public func lintInput(from source: Source) throws(WorkspaceError) -> LintInput {
    let index: [IndexEntry]
    do {
      index = try repository.indexEntries()
    } catch {
      throw .unreadableIndex("\(error)")
    }
    let files: [RegistryFile]
    switch source {
    case .workingTree:
      let folder = root + "/" + registryFolder
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
      else {
        throw .noRegistry(root: root, folder: registryFolder)
      }
      files = WorkingTreeReader(root: root).registryFiles(in: registryFolder)
    case .staged:
      let reader = IndexReader(repository: repository, entries: index)
      guard reader.hasFiles(under: registryFolder) else {
        throw .noRegistry(root: root, folder: registryFolder)
      }
      files = reader.registryFiles(in: registryFolder)
    }
    return LintInput(
      files: files, trackedFiles: index.lazy.filter { !$0.isSubmodule }.map(\.path),
      registryFolder: registryFolder)
  }

  /// Lints the registry.
  public func lint(from source: Source) throws(WorkspaceError) -> LintResult {
    Linter.lint(try lintInput(from: source))
  }
}

/// Whether a registry path is one `leads` reads: Markdown entries and the config file.
func isRegistryFile(_ path: String, registryFolder: String) -> Bool {
  path.lowercased().hasSuffix(".md") || path == registryFolder + "/" + RegistryConfig.fileName
}
