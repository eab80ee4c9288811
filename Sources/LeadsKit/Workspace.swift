import Foundation
import LeadsCore
import LeadsGit

/// A failure that stops a command before it can report findings; `description` is one sentence for stderr.
public enum WorkspaceError: Error, CustomStringConvertible, Equatable {
  case cannotOpen(String)
  case noRegistry(root: String, folder: String, source: String)
  case unreadableIndex(String)
  case unreadableHistory(String)

  public var description: String {
    switch self {
    case .cannotOpen(let sentence): return sentence
    case .noRegistry(let root, let folder, let source):
      return
        "\(root) has no \(folder)/ folder in \(source); add lead files under \(folder)/ (see the registry format in the README)"
    case .unreadableIndex(let message): return "cannot read the git index: \(message)"
    case .unreadableHistory(let message): return "cannot read the repository's history: \(message)"
    }
  }
}

/// Where lead files are read from.
public enum Source: Sendable {
  /// The files on disk, as the author is editing them.
  case workingTree
  /// The index: what the next commit will contain.
  case staged
  /// The commit HEAD points at (how a bare repository is read).
  case head
}

/// What a run needs to read history.
public struct HistoryRequest: Sendable {
  /// Today, for every threshold.
  public var now: CalendarDate
  /// Whether to read and write the history cache under `.git/leads/`.
  public var useCache: Bool

  /// Whether to read exact tenure however far back it goes (`show`); the rules need less (`lint`).
  public var fullTenure: Bool
  /// Receives what the history read did and cost, one line at a time.
  public var trace: (@Sendable (String) -> Void)?

  public init(
    now: CalendarDate, useCache: Bool, fullTenure: Bool = false, trace: (@Sendable (String) -> Void)? = nil
  ) {
    self.now = now
    self.useCache = useCache
    self.fullTenure = fullTenure
    self.trace = trace
  }
}

/// The repository `leads` runs on, found from a folder inside it.
public final class Workspace {
  public let repository: GitRepository
  /// The working tree root (the repository folder itself when bare).
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
    root = repository.workingDirectory ?? repository.gitDirectory
  }

  /// Whether the repository has no working tree; its registry is then read from HEAD.
  public var isBare: Bool { repository.isBare || repository.workingDirectory == nil }

  /// The history cache file, shared by all worktrees.
  public var cacheFile: URL {
    URL(fileURLWithPath: repository.commonDirectory).appendingPathComponent("leads/history-cache")
  }

  /// GitHub's search order for CODEOWNERS; the first is where a new one is written.
  public static let codeownersLocations = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

  /// Reads the registry, the tracked files and CODEOWNERS into a linter input.
  public func lintInput(from requested: Source) throws(WorkspaceError) -> LintInput {
    var input = try registryInput(from: requested)
    let config = input.files.first { $0.path == input.configPath }.flatMap { file -> RegistryConfig? in
      guard case .bytes(let bytes) = file.content, let text = try? SourceText.decode(bytes).get() else {
        return nil
      }
      return ConfigParser.parse(text: text, path: file.path).config
    }
    let configured = config?.codeownersFile
    let source = isBare ? .head : requested
    if let baseline = config?.coverageBaseline {
      input.coverageBaseline = read(baseline, from: source).map { bytes in
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
          .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
      }
    }
    let candidates = configured.map { [$0] } ?? Workspace.codeownersLocations
    let found = candidates.lazy.compactMap { path in self.read(path, from: source).map { (path, $0) } }.first
    input.codeowners = CodeownersInput(path: found?.0 ?? candidates[0], content: found?.1)
    return input
  }

  /// A file of the repository as `source` has it, or nil when it is not there.
  func read(_ path: String, from source: Source) -> [UInt8]? {
    switch source {
    case .workingTree:
      return FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
    case .staged:
      guard let entry = try? repository.indexEntries().first(where: { $0.path == path }) else { return nil }
      return try? repository.blobContent(entry.blob)
    case .head:
      guard let head = try? repository.headCommit(), let tree = try? repository.tree(of: head),
        let blob = try? repository.blob(at: path, inTree: tree)
      else { return nil }
      return try? repository.blobContent(blob)
    }
  }

  private func registryInput(from requested: Source) throws(WorkspaceError) -> LintInput {
    let source = isBare ? .head : requested
    switch source {
    case .workingTree:
      let index = try indexEntries()
      let folder = root + "/" + registryFolder
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue
      else {
        throw .noRegistry(root: root, folder: registryFolder, source: "the working tree")
      }
      return LintInput(
        files: WorkingTreeReader(root: root).registryFiles(in: registryFolder),
        trackedFiles: index.lazy.filter { !$0.isSubmodule }.map(\.path), registryFolder: registryFolder)
    case .staged:
      let index = try indexEntries()
      let reader = IndexReader(repository: repository, entries: index)
      guard reader.hasFiles(under: registryFolder) else {
        throw .noRegistry(root: root, folder: registryFolder, source: "the index")
      }
      return LintInput(
        files: reader.registryFiles(in: registryFolder),
        trackedFiles: index.lazy.filter { !$0.isSubmodule }.map(\.path), registryFolder: registryFolder)
    case .head:
      do {
        guard let head = try repository.headCommit() else {
          throw WorkspaceError.noRegistry(
            root: root, folder: registryFolder, source: "HEAD (there is no commit yet)")
        }
        let files = try repository.files(inTree: try repository.tree(of: head))
        let entries = files.map {
          IndexEntry(path: $0.path, mode: $0.isLink ? 0o120000 : 0o100644, blob: $0.blob)
        }
        let reader = IndexReader(repository: repository, entries: entries)
        guard reader.hasFiles(under: registryFolder) else {
          throw WorkspaceError.noRegistry(root: root, folder: registryFolder, source: "HEAD")
        }
        return LintInput(
          files: reader.registryFiles(in: registryFolder), trackedFiles: entries.map(\.path),
          registryFolder: registryFolder)
      } catch let error as WorkspaceError {
        throw error
      } catch {
        throw .unreadableHistory("\(error)")
      }
    }
  }

  /// Lints the registry; with a history request, also reads history and runs the history rules.
  public func lint(from source: Source, history request: HistoryRequest? = nil) throws(WorkspaceError)
    -> LintResult
  {
    var clock = Stopwatch()
    let input = try lintInput(from: source)
    guard let request else { return Linter.lint(input) }
    request.trace?("index and registry files read in \(clock.lap()) ms")
    let staticResult = Linter.lint(input)
    let registry = staticResult.registry
    request.trace?("registry parsed and checked in \(clock.lap()) ms")
    let facts: HistoryFacts
    do {
      let loader = HistoryLoader(repository: repository, registryFolder: registryFolder, trace: request.trace)
      facts = try loader.load(
        for: registry, now: request.now, cache: HistoryCache(file: request.useCache ? cacheFile : nil),
        fullTenure: request.fullTenure)
    } catch {
      throw .unreadableHistory("\(error)")
    }
    clock.lap()
    let result = Linter.addingHistory(facts, to: staticResult)
    request.trace?("history rules ran in \(clock.lap()) ms")
    return result
  }

  private func indexEntries() throws(WorkspaceError) -> [IndexEntry] {
    do {
      return try repository.indexEntries()
    } catch {
      throw .unreadableIndex("\(error)")
    }
  }
}

/// Whether a registry path is one `leads` reads: Markdown entries and the config file.
func isRegistryFile(_ path: String, registryFolder: String) -> Bool {
  path.lowercased().hasSuffix(".md") || path == registryFolder + "/" + RegistryConfig.fileName
}
