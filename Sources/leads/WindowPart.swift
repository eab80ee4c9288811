import ArgumentParser
import Foundation
import LeadsKit

/// The helper process of a cold history read: reads the changed paths of the older commits of the activity
/// window and prints them for the `leads` process that started it (the path filter comes on standard input).
/// Not for people; hidden from help.
struct WindowPart: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "window-part",
    abstract:
      "Print the changed paths of the window's older commits (used internally by a cold history read).",
    shouldDisplay: false)

  @OptionGroup var helper: HelperOptions

  @Option(help: "Where the window starts (Unix seconds).")
  var since: Int64

  @Option(help: "Read commits that landed before this time (Unix seconds).")
  var before: Int64

  func run() throws {
    let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    guard let filter = WindowPartText.decodeFilter(input) else {
      throw CommandFailure(message: "window-part: standard input is not a path filter")
    }
    let bytes: [UInt8]
    do {
      bytes = try WindowPartCommand.run(
        gitDirectory: helper.gitDir, head: helper.head, since: since, before: before, filter: filter)
    } catch {
      throw CommandFailure(message: "\(error)")
    }
    try Console.out(bytes)
  }
}
