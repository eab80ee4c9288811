import ArgumentParser
import Foundation
import LeadsKit

/// The helper process of a cold history read: walks the registry folder's first-parent history and prints it
/// for the `leads` process that started it. Not for people; hidden from help.
struct RegistryChain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "registry-chain",
    abstract: "Print the registry folder's first-parent history (used internally by a cold history read).",
    shouldDisplay: false)

  @Option(help: "The repository's git folder.")
  var gitDir: String

  @Option(help: "The commit to start from (40 hexadecimal digits).")
  var head: String

  @Option(help: "The registry folder.")
  var folder: String

  func run() throws {
    do {
      let text = try RegistryChainCommand.run(gitDirectory: gitDir, head: head, folder: folder)
      try Console.out(text)
    } catch {
      throw CommandFailure(message: "\(error)")
    }
  }
}
