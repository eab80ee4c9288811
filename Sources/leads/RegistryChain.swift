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

  @OptionGroup var helper: HelperOptions

  @Option(help: "The registry folder.")
  var folder: String

  func run() throws {
    let text: String
    do {
      text = try RegistryChainCommand.run(gitDirectory: helper.gitDir, head: helper.head, folder: folder)
    } catch {
      throw CommandFailure(message: "\(error)")
    }
    try Console.out(text)
  }
}
