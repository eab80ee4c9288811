import ArgumentParser
import Foundation
import LeadsCore
import LeadsKit

extension CalendarDate: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(argument)
  }

  /// Today in UTC, by the system clock: the default of every `--now`.
  static var today: CalendarDate { CalendarDate(unixTime: Int64(Date().timeIntervalSince1970)) }
}

/// Options of the commands that read history.
struct HistoryOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The day thresholds are measured from (YYYY-MM-DD, UTC); default: today.", valueName: "date"))
  var now: CalendarDate?

  @Flag(help: "Neither read nor write the history cache under .git/leads/.")
  var noCache = false

  /// `LEADS_TRACE=1` prints what the history read did and cost to stderr.
  var request: HistoryRequest {
    let setting = ProcessInfo.processInfo.environment["LEADS_TRACE"] ?? ""
    let today = CalendarDate.today
    var request = HistoryRequest(now: now ?? today, useCache: !noCache)
    // A cold read of a large history walks the registry's first-parent line in a second process.
    request.chainHelper = true
    if !setting.isEmpty && setting != "0" {
      request.trace = { line in Console.error("leads: trace: \(line)\n") }
    }
    return request
  }
}

/// Prints what history could not tell on stderr, as `leads: note: ...`.
func printHistoryNotes(_ history: HistoryFacts?) {
  guard let history else { return }
  for note in HistorySummary(history).notes {
    Console.error("leads: note: \(note)\n")
  }
}

/// Says on stderr which registry files could not be read into entries, and so are missing from what a
/// command prints (`who`, `coverage`, `codeowners`).
func noteFilesLeftOut(_ files: [String]) {
  guard !files.isEmpty else { return }
  let shown =
    files.prefix(3).map(OwnerReference.visible).joined(separator: ", ") + (files.count > 3 ? ", …" : "")
  let subject =
    files.count == 1
    ? "1 registry file has errors and is" : "\(files.count) registry files have errors and are"
  Console.error("leads: note: \(subject) left out here (\(shown)); `leads lint` says why\n")
}
