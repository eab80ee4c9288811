import Foundation
import LeadsGit

/// Walks the registry folder's first-parent history in a helper process (the `leads` executable's hidden
/// `registry-chain` command) while this process walks the activity window. The two walks read different
/// objects, but libgit2 serialises threads of one process on its pack locks (a second thread made a cold run
/// slower, not faster); a second process reads the same packs with a second core.
final class ChainHelper: @unchecked Sendable {
  private let process = Process()
  private let done = DispatchSemaphore(value: 0)
  /// Written by the reading thread before `done` is signalled, read after it.
  private var output = Data()

  /// Starts the helper; nil when it cannot be started (the caller walks in this process).
  init?(executable: String, gitDirectory: String, head: ObjectID, folder: String) {
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = [
      "registry-chain", "--git-dir", gitDirectory, "--head", head.description, "--folder", folder,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return nil
    }
    let reading = pipe.fileHandleForReading
    // Read as it is written, so that a long chain never fills the pipe and stalls the helper.
    Thread.detachNewThread { [self] in
      output = reading.readDataToEndOfFile()
      done.signal()
    }
  }

  /// The chain the helper walked; nil when it failed or wrote anything but a whole chain.
  func chain() -> (changes: [RegistryChange], end: ChainEnd)? {
    done.wait()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else { return nil }
    return RegistryChainText.decode(String(decoding: output, as: UTF8.self))
  }

  /// This executable, when it can be found; nil otherwise (history is then read in one process).
  static var currentExecutable: String? {
    #if os(Linux)
      if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
        return path
      }
    #endif
    return Bundle.main.executablePath
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

extension Workspace {
  /// The running executable, to start as the first-parent walk's helper (see `HistoryRequest.chainHelper`).
  public static var currentExecutable: String? { ChainHelper.currentExecutable }
}
