import Foundation
import LeadsGit

/// Walks the registry folder's first-parent history in a helper process (the `leads` executable's hidden
/// `registry-chain` command) while this process walks the activity window. The two walks read different
/// objects, but libgit2 serialises threads of one process on its pack locks (a second thread made a cold run
/// slower, not faster); a second process reads the same packs with a second core.
final class ChainHelper {
  private let child: ChildProcess
  private let head: ObjectID
  private let folder: String

  /// How long a helper may take before the walk is done in this process instead.
  static let patience: Int32 = 300_000

  /// Starts the helper; nil when it cannot be started (the caller walks in this process).
  init?(gitDirectory: String, head: ObjectID, folder: String) {
    self.head = head
    self.folder = folder
    do {
      child = try ChildProcess(
        .this,
        ["registry-chain", "--git-dir", gitDirectory, "--head", head.description, "--folder", folder],
        environment: ["LEADS_TRACE": nil])
    } catch {
      return nil
    }
  }

  /// A helper walking `folder` from `head`, where one pays (see `pays`) and can start.
  static func start(_ repository: GitRepository, head: ObjectID, folder: String) -> ChainHelper? {
    guard pays(gitDirectory: repository.gitDirectory, commonDirectory: repository.commonDirectory) else {
      return nil
    }
    return ChainHelper(gitDirectory: repository.gitDirectory, head: head, folder: folder)
  }

  /// Whether the helper walks from `head` through `folder`.
  func isFor(head: ObjectID, folder: String) -> Bool {
    self.head == head && self.folder == folder
  }

  /// The chain the helper walked; nil when it failed, took too long or wrote anything but a whole chain.
  func chain() -> (changes: [RegistryChange], end: ChainEnd)? {
    guard case .exited(0, let output, _) = child.wait(milliseconds: ChainHelper.patience) else { return nil }
    return RegistryChainText.decode(String(decoding: output, as: UTF8.self))
  }

  /// Whether a helper pays on this repository: starting a second process and reading what it prints costs a
  /// few milliseconds, more than walking a small history (a cold lint two to three times slower), and saves
  /// most of the first-parent walk on a large one. `LEADS_CHAIN_HELPER=0` never starts one, `=1` always does.
  static func pays(gitDirectory: String, commonDirectory: String) -> Bool {
    switch ProcessInfo.processInfo.environment["LEADS_CHAIN_HELPER"] {
    case "0": return false
    case "1": return true
    default: break
    }
    return packBytes(in: commonDirectory + "/objects/pack") >= minimumPackBytes
  }

  /// Below this many bytes of packs, a history is walked in one process.
  static let minimumPackBytes = 8 << 20

  private static func packBytes(in folder: String) -> Int {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return 0 }
    var total = 0
    for name in names where name.hasSuffix(".pack") {
      var info = stat()
      if stat(folder + "/" + name, &info) == 0 { total += Int(info.st_size) }
    }
    return total
  }
}

/// The helper's side: what the hidden `registry-chain` command prints.
public enum RegistryChainCommand {
  /// The first-parent chain of `folder` from `head` in the repository at `gitDirectory`, as text.
  public static func run(gitDirectory: String, head: String, folder: String) throws -> String {
    guard let start = ObjectID(hex: head) else { throw HelperError(description: "not a commit id: \(head)") }
    let repository = try GitRepository.discover(from: gitDirectory)
    return RegistryChainText.encode(try repository.registryChanges(from: start, folder: folder))
  }
}

struct HelperError: Error, CustomStringConvertible {
  let description: String
}
